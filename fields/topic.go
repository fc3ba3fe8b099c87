package fields

import "strings"

// TopicFromTemplate builds a meeting's subject (GoToMeeting) or topic (Zoom) from the
// administrator's template, with <KURSTITEL>/{title} and <KURSNR>/{number}. An empty template
// means the title. The result is one trimmed line; callers truncate it to their provider's limit.
func TopicFromTemplate(tmpl, title, number string) string {
	title, number = oneLine(title), oneLine(number)
	if strings.TrimSpace(tmpl) == "" {
		return title
	}
	vals := map[string]string{"<KURSTITEL>": title, "{title}": title, "<KURSNR>": number, "{number}": number}
	var b strings.Builder
	last, emptied := 0, false
	for _, p := range placeholders(tmpl) {
		val, ok := vals[tmpl[p[0]:p[1]]]
		if !ok {
			continue
		}
		b.WriteString(tmpl[last:p[0]])
		b.WriteString(val)
		last = p[1]
		emptied = emptied || val == ""
	}
	b.WriteString(tmpl[last:])
	topic := oneLine(b.String())
	if emptied {
		// "<KURSNR> – <KURSTITEL>" without a number must not start with a dash.
		topic = strings.Trim(topic, " \t-–—:|/,;")
	}
	if topic == "" {
		return title
	}
	return topic
}

// oneLine joins the words of s with single spaces: a subject has no line breaks.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
