package fields

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/onlinemeetings/meeting-addon/addon"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden with the current output")

// TestDefaultTemplatesGolden renders every default with the settings page's sample values, so
// that a change of wording shows up as a diff a reviewer reads.
func TestDefaultTemplatesGolden(t *testing.T) {
	for _, p := range []string{addon.ProviderGoTo, addon.ProviderZoom} {
		for _, a := range []string{AudienceParticipant, AudienceHost} {
			for _, l := range []string{"de", "en"} {
				name := p + "_" + a + "_" + l
				t.Run(name, func(t *testing.T) {
					v := SampleValues(l)
					v.Software = SoftwareName(p)
					got := Render(DefaultTemplate(p, a, l), v)
					if strings.ContainsAny(got, "<>{}") {
						t.Errorf("placeholder left in rendered default:\n%s", got)
					}
					path := filepath.Join("testdata", name+".golden")
					if *update {
						if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
							t.Fatal(err)
						}
					}
					want, err := os.ReadFile(path)
					if err != nil {
						t.Fatalf("%v (run go test -update to create it)", err)
					}
					if diff := cmp.Diff(string(want), got); diff != "" {
						t.Errorf("%s mismatch (-want +got):\n%s", path, diff)
					}
				})
			}
		}
	}
}
