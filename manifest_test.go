package meetingaddon

import (
	"encoding/json"
	"maps"
	"slices"
	"testing"

	"github.com/onlinemeetings/meeting-addon/fields"
	"github.com/onlinemeetings/meeting-addon/hooks"
	"github.com/onlinemeetings/meeting-addon/resources"
)

// The code's field names and hook list must be the ones the manifest declares, or the CRM
// would drop what the add-on writes.
func TestManifestMatchesCode(t *testing.T) {
	var m struct {
		Protocol    int      `json:"protocol"`
		Hooks       []string `json:"hooks"`
		SettingsURL string   `json:"settings_url"`
		Fields      []struct {
			Module, Name, Type string
			Hidden             bool
		} `json:"fields"`
	}
	if err := json.Unmarshal(Manifest, &m); err != nil {
		t.Fatal(err)
	}
	if m.Protocol != 1 {
		t.Errorf("protocol = %d, want 1", m.Protocol)
	}
	if !slices.Equal(m.Hooks, hooks.Events) {
		t.Errorf("hooks = %v, want %v", m.Hooks, hooks.Events)
	}
	declared := map[string]bool{}
	for _, f := range m.Fields {
		declared[f.Module+"."+f.Name] = true
		if f.Name == fields.GoToDataField && (!f.Hidden || f.Type != "text") {
			t.Errorf("%s must be a hidden text field", f.Name)
		}
	}
	for _, f := range []string{fields.GoToDataField, fields.ZoomDataField, resources.AltHostsField} {
		if !declared["appointments."+f] {
			t.Errorf("manifest lacks appointments.%s", f)
		}
	}
	for _, f := range append(slices.Collect(maps.Values(resources.AccountFields)), resources.HostKeyField) {
		if !declared["resources."+f] {
			t.Errorf("manifest lacks resources.%s", f)
		}
	}
}
