package store

// Rows as stored. Times that take part in comparisons (bookings, leases, expiries) are Unix
// milliseconds: integers compare the same way on SQLite (which keeps times as text) and MySQL.

type installationRow struct {
	ID                string `gorm:"primaryKey;size:64"`
	SystemURL         string `gorm:"size:255;index"`
	HookSecret        string `gorm:"size:255"` // sealed
	PrevHookSecret    string `gorm:"size:255"` // sealed, valid until PrevSecretUntilMS
	PrevSecretUntilMS int64
	Disabled          bool
	PermittedGroups   string `gorm:"size:4000"` // JSON array
	RunAsUser         string `gorm:"size:200"`
	Policy            string `gorm:"size:16"`
	TopicTemplate     string `gorm:"size:500"`
	Over50            string `gorm:"size:16"`
	HostCapacity      int
	CreatedMS         int64
	UpdatedMS         int64
}

func (installationRow) TableName() string { return "installations" }

type redirectRow struct {
	ID             int64  `gorm:"primaryKey;autoIncrement"`
	InstallationID string `gorm:"size:64;index"`
	TokenHash      string `gorm:"size:64;uniqueIndex"` // sha256 of the external-access token, for callback lookup
	URL            string `gorm:"size:1000"`           // sealed: it embeds the token
	Status         string `gorm:"size:16;index"`       // pending, registered, superseded
	RequestedMS    int64
	RegisteredMS   int64
	RegisteredBy   string `gorm:"size:200"`
}

func (redirectRow) TableName() string { return "redirect_urls" }

type deliveryRow struct {
	InstallationID string `gorm:"primaryKey;size:64"`
	DeliveryID     string `gorm:"primaryKey;size:64"`
	Event          string `gorm:"size:64"`
	Status         int
	Body           string `gorm:"type:mediumtext"` // a note of 65,535 bytes plus the invitation and the meeting data
	Seq            int64
	CreatedMS      int64 `gorm:"index"`
	// Subject is the appointment or resource the event was about ("a:…", "r:…"; "" in
	// answers stored before 2026120650), for the mark a redelivery is compared with.
	Subject string `gorm:"size:80;not null;default:''"`
	// MAC is the key of the request's MAC (see hooks), unique: the same MAC again is answered
	// as this delivery. NULL when the answer was stored without one.
	MAC *string `gorm:"size:64;uniqueIndex:ux_delivery_mac"`
}

func (deliveryRow) TableName() string { return "deliveries" }

type leaseRow struct {
	Name      string `gorm:"primaryKey;size:191"`
	Owner     string `gorm:"size:64"`
	ExpiresMS int64
}

func (leaseRow) TableName() string { return "leases" }

type resourceRow struct {
	InstallationID string `gorm:"primaryKey;size:64"`
	ResourceID     string `gorm:"primaryKey;size:64"`
	Provider       string `gorm:"size:32"`
	Name           string `gorm:"size:255"`
	Account        string `gorm:"size:255"`
	Status         string `gorm:"size:32"`
	Token          string `gorm:"type:text"` // sealed JSON of the OAuth token
	TokenExpiryMS  int64
	HostKey        string `gorm:"size:255"` // sealed Zoom host key
	// ReserveSeq counts the account's reservations; incrementing it is the lock that makes a
	// reservation's check and write one step (see ReserveAccount).
	ReserveSeq int64

	Deleted   bool
	UpdatedMS int64
}

func (resourceRow) TableName() string { return "meeting_resources" }

type oauthStateRow struct {
	Hash           string `gorm:"primaryKey;size:64"`
	InstallationID string `gorm:"size:64"`
	ResourceID     string `gorm:"size:64"`
	RedirectID     int64  // the redirect_urls row; its URL embeds the external-access token
	Account        string `gorm:"size:255"` // the account the consent must come from
	UserID         string `gorm:"size:200"` // who started it
	ExpiresMS      int64  `gorm:"index"`
	UsedMS         int64
}

func (oauthStateRow) TableName() string { return "oauth_states" }

type meetingRow struct {
	Ref               string `gorm:"primaryKey;size:64"` // opaque id in start links
	InstallationID    string `gorm:"size:64;uniqueIndex:ux_meeting_appt,priority:1"`
	AppointmentID     string `gorm:"size:64;uniqueIndex:ux_meeting_appt,priority:2"`
	SeriesID          string `gorm:"size:64;index"`
	RecurrenceID      string `gorm:"size:64"`
	Provider          string `gorm:"size:32"`
	ResourceID        string `gorm:"size:64"`
	ProviderMeetingID string `gorm:"size:64"`
	JoinURL           string `gorm:"size:1000"`
	DialIn            string `gorm:"size:1000"`
	Passcode          string `gorm:"size:64"`
	Subject           string `gorm:"type:text"`
	StartMS           int64
	EndMS             int64
	TimeZone          string `gorm:"size:64"`
	OrganizerID       string `gorm:"size:64"`
	Data              string `gorm:"type:mediumtext"`
	RemoteState       string `gorm:"size:16;index:ix_meeting_state,priority:1"`
	UpdatedMS         int64  `gorm:"index:ix_meeting_state,priority:2"`
}

func (meetingRow) TableName() string { return "meetings" }

type bookingRow struct {
	ID             int64  `gorm:"primaryKey;autoIncrement"`
	InstallationID string `gorm:"size:64;index:ix_booking_res,priority:1;uniqueIndex:ux_booking,priority:1"`
	ResourceID     string `gorm:"size:64;index:ix_booking_res,priority:2;uniqueIndex:ux_booking,priority:2"`
	AppointmentID  string `gorm:"size:64;uniqueIndex:ux_booking,priority:3"`
	RecurrenceID   string `gorm:"size:64;uniqueIndex:ux_booking,priority:4"`
	StartMS        int64  `gorm:"index:ix_booking_res,priority:3"`
	EndMS          int64
	Title          string `gorm:"size:255"`
}

func (bookingRow) TableName() string { return "bookings" }

type launchRow struct {
	JTI       string `gorm:"primaryKey;size:191"`
	ExpiresMS int64  `gorm:"index"`
}

func (launchRow) TableName() string { return "used_launch_tokens" }
