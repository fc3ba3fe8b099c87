package addon

// ProviderPool marks a meeting resource that stands for a pool of licences (Zoom licence users
// and connected GoTo accounts): a save that books it is given one member that is free.
const ProviderPool = "pool"

// PoolMember is one licence of a pool: a meeting resource of its own, with how many meetings
// it runs at once (0: the provider's default, see the installation's HostCapacity).
type PoolMember struct {
	ResourceID string
	Capacity   int
	// Filled in from the member's meeting resource when read.
	Provider string
	Name     string
	Account  string
	Status   string
}

// ZoomDailyLimit is Zoom's limit of meeting creates and updates per host user and UTC day.
const ZoomDailyLimit = 100
