package fields

import "testing"

func TestTopicFromTemplate(t *testing.T) {
	tests := []struct{ name, tmpl, title, number, want string }{
		{"empty template is title", "", "Schulung", "T-1", "Schulung"},
		{"blank template is title", " \n", "Schulung", "T-1", "Schulung"},
		{"KuferSQL names", "<KURSNR> – <KURSTITEL>", "Schulung", "T-1", "T-1 – Schulung"},
		{"readable names", "{title} ({number})", "Schulung", "T-1", "Schulung (T-1)"},
		{"empty number leaves no dash", "<KURSNR> – <KURSTITEL>", "Schulung", "", "Schulung"},
		{"empty number, colon", "{number}: {title}", "Schulung", "", "Schulung"},
		{"title punctuation kept when nothing is empty", "{title}", "C++ -", "T-1", "C++ -"},
		{"trimmed", "  Kurs {title}  ", "A", "", "Kurs A"},
		{"one line", "{title}\n{number}", "A\r\nB", "1", "A B 1"},
		{"unknown placeholders stay", "<ANSPRACHE> {title}", "A", "", "<ANSPRACHE> A"},
		{"empty result falls back to title", "{number}", "Schulung", "", "Schulung"},
		{"other variables stay", "{title} <BEG_DATTXT>", "A", "", "A <BEG_DATTXT>"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := TopicFromTemplate(tc.tmpl, tc.title, tc.number); got != tc.want {
				t.Errorf("TopicFromTemplate(%q, %q, %q) = %q, want %q", tc.tmpl, tc.title, tc.number, got, tc.want)
			}
		})
	}
}
