package addon

// Connection states of a meeting resource.
const (
	StatusNotConnected    = "not_connected"
	StatusConnected       = "connected"
	StatusReconnectNeeded = "reconnect_needed"
)

// MeetingResource is a CRM resource that stands for a provider account.
type MeetingResource struct {
	InstallationID string
	ResourceID     string
	Provider       string
	Name           string
	Account        string
	Status         string
	// Deleted is set once the CRM deleted the resource; its consent is kept while meetings
	// created with it remain (see store.DeleteResource).
	Deleted bool
}

// Account returns the provider account this resource stands for.
func (r MeetingResource) AccountRef() Account {
	return Account{InstallationID: r.InstallationID, ResourceID: r.ResourceID, Login: r.Account}
}
