package web

import (
	"regexp"
	"strings"

	"github.com/onlinemeetings/meeting-addon/catalog"
	"github.com/onlinemeetings/meeting-addon/zoomaccount"
)

// zoomValidationKeys names the catalog's texts for the field refusals of zoomaccount.Validate.
// The form asks for the proxy as Server and Port, so the proxy texts speak of those.
var zoomValidationKeys = map[string]string{
	"contains spaces: copy it again from the app's App Credentials page":                               "web.invalid_zoom.spaces",
	"enter host:port only; user and password have fields of their own":                                 "web.invalid_zoom.proxy_userinfo",
	"enter host:port, for instance proxy.example.org:3128":                                             "web.invalid_zoom.proxy_host_port",
	"enter host:port, for instance proxy.example.org:3128, without https://":                           "web.invalid_zoom.proxy_scheme",
	"is longer than 128 characters":                                                                    "web.invalid_zoom.max_128",
	"is longer than 255 characters":                                                                    "web.invalid_zoom.max_255",
	"is longer than 64 characters":                                                                     "web.invalid_zoom.max_64",
	"is required (for instance the e-mail address of the Zoom account's administrator)":                "web.invalid_zoom.name_required",
	"is required when a proxy user or password is given":                                               "web.invalid_zoom.proxy_required",
	"is required: copy the Account ID from the app's App Credentials page in the Zoom App Marketplace": "web.invalid_zoom.account_id_required",
	"is required: copy the Client ID from the app's App Credentials page in the Zoom App Marketplace":  "web.invalid_zoom.client_id_required",
	"is required: copy the Client Secret from the app's App Credentials page":                          "web.invalid_zoom.client_secret_required",
	"may only contain letters, digits, - and _: copy it again from the app's App Credentials page":     "web.invalid_zoom.bad_characters",
	`must be "zoom" or "custom"`:                                                                       "web.invalid_zoom.passcode_source",
	zoomaccount.ProxyInternal:                                                                          "web.invalid_zoom.proxy_internal",
	zoomaccount.JoinBeforeHostWithWaitingRoom:                                                          "web.invalid_zoom.jbh_waiting_room",
	"the port must be a number from 1 to 65535":                                                        "web.invalid_zoom.port",
}

// passcodeParts are the parts of passcode.Rule.Validate's (English) message and the catalog's
// texts for them; a part's submatches are the text's arguments.
var passcodeParts = []struct {
	re  *regexp.Regexp
	key string
}{
	{regexp.MustCompile(`^the Zoom passcode requirements cannot be met: `), "web.passcode.cannot_be_met"},
	{regexp.MustCompile(`a minimum length of (\d+) is more than the 10 characters a Zoom passcode may have`), "web.passcode.min_length"},
	{regexp.MustCompile(`only digits are allowed but a letter is required`), "web.passcode.digits_letter"},
	{regexp.MustCompile(`only digits are allowed but upper and lower case letters is required`), "web.passcode.digits_cases"},
	{regexp.MustCompile(`only digits are allowed but a special character is required`), "web.passcode.digits_special"},
	{regexp.MustCompile(`consecutive characters length (\d+) is not 0 or 4 to 8`), "web.passcode.consecutive"},
}

func zoomValidationText(lang, msg string) string {
	if strings.HasPrefix(msg, "the Zoom passcode requirements cannot be met: ") {
		for _, p := range passcodeParts {
			msg = p.re.ReplaceAllStringFunc(msg, func(part string) string {
				var args []any
				for _, a := range p.re.FindStringSubmatch(part)[1:] {
					args = append(args, a)
				}
				return catalog.T(lang, p.key, args...)
			})
		}
		return strings.ToUpper(msg[:1]) + msg[1:] + "."
	}
	if k, ok := zoomValidationKeys[msg]; ok {
		return catalog.T(lang, k)
	}
	return validationText(lang, msg)
}
