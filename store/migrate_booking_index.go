package store

import (
	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

// bookingAppointmentRowV13 is the frozen shape of the index migration 2026120602 adds.
// ReplaceBookings deletes an appointment's bookings by installation and appointment; without
// an index that starts with both, InnoDB scans (and locks) every booking of the installation,
// so the first saves of two appointments on different rooms deadlocked each other.
type bookingAppointmentRowV13 struct {
	InstallationID string `gorm:"size:64;index:ix_booking_appt,priority:1"`
	AppointmentID  string `gorm:"size:64;index:ix_booking_appt,priority:2"`
	RecurrenceID   string `gorm:"size:64;index:ix_booking_appt,priority:3"`
}

func (bookingAppointmentRowV13) TableName() string { return "bookings" }

func init() {
	migrations = append(migrations, &gormigrate.Migration{
		ID: "2026120602_booking_appointment_index",
		Migrate: func(tx *gorm.DB) error {
			return tx.AutoMigrate(&bookingAppointmentRowV13{})
		},
	})
}
