package web

import (
	"regexp"
	"strings"

	"github.com/onlinemeetings/meeting-addon/zoomaccount"
)

// zoomValidationDE and zoomValidationEN translate the field refusals of zoomaccount.Validate.
// The form asks for the proxy as Server and Port, so the proxy messages speak of those.
var zoomValidationDE = map[string]string{
	"is required (for instance the e-mail address of the Zoom account's administrator)": "Bitte einen Namen angeben, in der Regel die E-Mail-Adresse des Verantwortlichen in Zoom.",
	"is longer than 255 characters": "Höchstens 255 Zeichen.",
	"is longer than 128 characters": "Höchstens 128 Zeichen.",
	"is longer than 64 characters":  "Höchstens 64 Zeichen.",
	"is required: copy the Account ID from the app's App Credentials page in the Zoom App Marketplace": "Bitte die Account ID von der Seite App Credentials der App im Zoom App Marketplace kopieren.",
	"is required: copy the Client ID from the app's App Credentials page in the Zoom App Marketplace":  "Bitte die Client ID von der Seite App Credentials der App im Zoom App Marketplace kopieren.",
	"may only contain letters, digits, - and _: copy it again from the app's App Credentials page":     "Nur Buchstaben, Ziffern, - und _ sind möglich: Kopieren Sie den Wert erneut von der Seite App Credentials der App.",
	"is required: copy the Client Secret from the app's App Credentials page":                          "Bitte das Client Secret von der Seite App Credentials der App kopieren.",
	"contains spaces: copy it again from the app's App Credentials page":                               "Enthält Leerzeichen: Kopieren Sie es erneut von der Seite App Credentials der App.",
	"is required when a proxy user or password is given":                                               "Bitte Server und Port des Proxys angeben, wenn Benutzer oder Passwort eingetragen sind.",
	"enter host:port, for instance proxy.example.org:3128, without https://":                           "Bitte nur den Namen des Servers (z. B. proxy.example.org) ohne https:// und die Port-Nummer angeben.",
	"enter host:port only; user and password have fields of their own":                                 "Bitte nur den Namen des Servers angeben; Benutzer und Passwort haben eigene Felder.",
	"enter host:port, for instance proxy.example.org:3128":                                             "Bitte Server (z. B. proxy.example.org) und Port (z. B. 3128) angeben.",
	"the port must be a number from 1 to 65535":                                                        "Der Port muss eine Zahl von 1 bis 65535 sein.",
	zoomaccount.ProxyInternal:    "Der Proxy muss über das Internet erreichbar sein: Adressen privater und lokaler Netze (etwa localhost, 10.x.x.x, 192.168.x.x) sind nicht möglich.",
	`must be "zoom" or "custom"`: "Bitte „Anforderungen aus Zoom verwenden“ oder „Eigener Aufbau“ wählen.",
}

var zoomValidationEN = map[string]string{
	"is required (for instance the e-mail address of the Zoom account's administrator)": "Please enter a name, usually the e-mail address of the account's owner in Zoom.",
	"is required when a proxy user or password is given":                                "Please enter the proxy's server and port when a user or password is given.",
	"enter host:port, for instance proxy.example.org:3128, without https://":            "Enter only the server's name (e.g. proxy.example.org) without https://, and the port number.",
	"enter host:port only; user and password have fields of their own":                  "Enter only the server's name; user and password have fields of their own.",
	"enter host:port, for instance proxy.example.org:3128":                              "Enter the server (e.g. proxy.example.org) and the port (e.g. 3128).",
	zoomaccount.ProxyInternal:    "The proxy must be reachable over the internet: addresses of private and local networks (such as localhost, 10.x.x.x, 192.168.x.x) are not possible.",
	`must be "zoom" or "custom"`: "Please choose “Use the requirements set in Zoom” or “Custom rule”.",
}

// passcodeDE translates the parts of passcode.Rule.Validate's message.
var passcodeDE = []struct {
	re   *regexp.Regexp
	repl string
}{
	{regexp.MustCompile(`^the Zoom passcode requirements cannot be met: `), "Kein Passwort kann diesen Aufbau erfüllen: "},
	{regexp.MustCompile(`a minimum length of (\d+) is more than the 10 characters a Zoom passcode may have`), "eine Mindestlänge von $1 ist mehr als die 10 Zeichen, die ein Passwort in Zoom haben darf"},
	{regexp.MustCompile(`only digits are allowed but a letter is required`), "nur Ziffern sind zugelassen, aber ein Buchstabe wird verlangt"},
	{regexp.MustCompile(`only digits are allowed but upper and lower case letters is required`), "nur Ziffern sind zugelassen, aber Groß- und Kleinbuchstaben werden verlangt"},
	{regexp.MustCompile(`only digits are allowed but a special character is required`), "nur Ziffern sind zugelassen, aber ein Sonderzeichen wird verlangt"},
	{regexp.MustCompile(`consecutive characters length (\d+) is not 0 or 4 to 8`), "aufeinanderfolgende Zeichen ab $1 sind nicht möglich (0 oder 4 bis 8)"},
}

func zoomValidationText(lang, msg string) string {
	if strings.HasPrefix(msg, "the Zoom passcode requirements cannot be met: ") {
		if lang == "de" {
			for _, p := range passcodeDE {
				msg = p.re.ReplaceAllString(msg, p.repl)
			}
			return msg + "."
		}
		return strings.ToUpper(msg[:1]) + msg[1:] + "."
	}
	table := zoomValidationEN
	if lang == "de" {
		table = zoomValidationDE
	}
	if t, ok := table[msg]; ok {
		return t
	}
	return validationText(lang, msg)
}
