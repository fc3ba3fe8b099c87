package hooks

import (
	"encoding/json"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/catalog"
	"github.com/onlinemeetings/meeting-addon/resources"
)

// Limits from the CRM protocol.
const (
	MaxBody        = 1 << 20
	maxNote        = 65535
	maxStringField = 200
	maxTextField   = 65535
	maxOccurrences = 500
	maxResources   = 50
	maxID          = 64
	maxTitle       = 1000
	maxAttendees   = 1000
)

// field checks a declared appointment field against the CRM's limit: text fields hold 65,535
// bytes, string fields 200 characters.
func (c *checker) field(path, name, v string) {
	if name == resources.AltHostsField {
		c.chars(path, v, false, maxStringField)
		return
	}
	c.str(path, v, false, maxTextField)
}

// body is a hook's JSON as the CRM sends it; times stay strings until validated so that an
// error can name the field.
type body struct {
	Event        string          `json:"event"`
	SystemURL    string          `json:"system_url"`
	OccurredAt   string          `json:"occurred_at"`
	User         addon.User      `json:"user"`
	Appointment  *appointment    `json:"appointment"`
	SeriesMaster *appointment    `json:"series_master"`
	Resource     *addon.Resource `json:"resource"`
}

type occurrence struct {
	RecurrenceID string `json:"recurrence_id"`
	Start        string `json:"start"`
	End          string `json:"end"`
	Cancelled    bool   `json:"cancelled"`
}

type series struct {
	Rule        *string      `json:"rule"`
	Occurrences []occurrence `json:"occurrences"`
}

type appointment struct {
	ID         string               `json:"id"`
	Title      string               `json:"title"`
	Number     string               `json:"number"`
	Start      string               `json:"start"`
	End        string               `json:"end"`
	TimeZone   string               `json:"time_zone"`
	AllDay     bool                 `json:"all_day"`
	Location   string               `json:"location"`
	Note       string               `json:"note"`
	Organizer  addon.Person         `json:"organizer"`
	Attendees  []addon.Person       `json:"attendees"`
	Resources  []addon.Resource     `json:"resources"`
	Fields     map[string]string    `json:"fields"`
	Series     *series              `json:"series"`
	Occurrence *addon.OccurrenceRef `json:"occurrence"`
}

// decode parses the body; a type mismatch is reported with its field path.
func decode(raw []byte) (body, error) {
	var b body
	if err := json.Unmarshal(raw, &b); err != nil {
		var te *json.UnmarshalTypeError
		var se *json.SyntaxError
		switch {
		case asErr(err, &te):
			field := te.Field
			if field == "" {
				field = "body"
			}
			return b, catalog.Invalid(field, "hooks.field.wrong_type", te.Type.String(), te.Value)
		case asErr(err, &se):
			return b, catalog.Invalid("body", "hooks.field.malformed_at", se.Offset)
		}
		return b, catalog.Invalid("body", "hooks.field.malformed", err.Error())
	}
	return b, nil
}

type checker struct{ errs []addon.FieldError }

// fail records a refusal of field; key names its text in the catalog ("hooks.field." keys).
func (c *checker) fail(field, key string, args ...any) {
	if len(c.errs) < 20 {
		c.errs = append(c.errs, catalog.Field(field, "hooks.field."+key, args...))
	}
}

func (c *checker) str(field, v string, required bool, max int) {
	switch {
	case required && strings.TrimSpace(v) == "":
		c.fail(field, "required")
	case len(v) > max:
		c.fail(field, "too_long_bytes", max)
	case !utf8.ValidString(v):
		c.fail(field, "not_utf8")
	}
}

// chars checks a string the CRM limits in characters (its string fields, names, e-mails).
func (c *checker) chars(field, v string, required bool, max int) {
	switch {
	case required && strings.TrimSpace(v) == "":
		c.fail(field, "required")
	case utf8.RuneCountInString(v) > max:
		c.fail(field, "too_long_chars", max)
	case !utf8.ValidString(v):
		c.fail(field, "not_utf8")
	}
}

func (c *checker) time(field, v string) time.Time {
	if v == "" {
		c.fail(field, "required")
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		c.fail(field, "not_rfc3339")
	}
	return t
}

func (c *checker) err() error {
	if len(c.errs) == 0 {
		return nil
	}
	// The CRM shows message to the user: the fields' refusals in their language.
	e := catalog.Error(addon.EINVALID, "hooks.invalid", c.errs)
	e.Details = c.errs
	return e
}
