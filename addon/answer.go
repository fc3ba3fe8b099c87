package addon

// Message levels.
const (
	LevelInfo    = "info"
	LevelWarning = "warning"
	LevelError   = "error"
)

// Message is shown to the CRM user in their locale.
type Message struct {
	Level string `json:"level"`
	Code  string `json:"code"`
	Text  string `json:"text"`
}

// Button is shown on the record's form; the CRM opens URL with a launch token.
type Button struct {
	ID    string `json:"id"`
	Label string `json:"label"`
	URL   string `json:"url"`
}

// RecordChange is what the add-on writes back onto the record. Nil Note means unchanged.
type RecordChange struct {
	Note   *string           `json:"note,omitempty"`
	Fields map[string]string `json:"fields,omitempty"`
}

// Answer is the add-on's answer to a hook.
type Answer struct {
	Appointment *RecordChange `json:"appointment,omitempty"`
	Resource    *RecordChange `json:"resource,omitempty"`
	Messages    []Message     `json:"messages"`
	Buttons     []Button      `json:"buttons"`
}

// Add appends a message.
func (a *Answer) Add(level, code, text string) {
	a.Messages = append(a.Messages, Message{Level: level, Code: code, Text: text})
}
