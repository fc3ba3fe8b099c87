package store

import (
	"context"

	"github.com/onlinemeetings/meeting-addon/addon"
)

// Claim is what a hook's first read finds: its installation with the valid hook secrets and,
// when the delivery has been answered before, the stored answer with its subject's mark now.
type Claim struct {
	Installation addon.Installation
	Secrets      []string
	// Answer is the delivery's stored answer; nil when it was not answered yet.
	Answer *Delivery
	// MarkSeq is the current mark of the answer's subject (0: none). A higher one than the
	// answer's Seq means a newer event has been applied since.
	MarkSeq int64
}

// claimRow is the installation joined with the delivery's answer and its subject's mark.
type claimRow struct {
	Inst     installationRow `gorm:"embedded"`
	DFound   bool
	DEvent   string
	DStatus  int
	DBody    string
	DSeq     int64
	DSubject string
	MarkSeq  int64
}

// Claim reads, in one statement, what every hook needs before it can do anything: the
// installation and its secrets (to check the signature) and the delivery's stored answer (a
// redelivery is answered from it, with no further statement). ENOTFOUND: no such installation.
// An answer stored before deliveries knew their subject has MarkSeq 0; see Answered.
func (s *Store) Claim(ctx context.Context, inst, delivery string) (Claim, error) {
	var rows []claimRow
	err := s.db.WithContext(ctx).Raw("SELECT i.*, d.delivery_id IS NOT NULL AS d_found, COALESCE(d.event, '') AS d_event, "+
		"COALESCE(d.status, 0) AS d_status, COALESCE(d.body, '') AS d_body, COALESCE(d.seq, 0) AS d_seq, "+
		"COALESCE(d.subject, '') AS d_subject, COALESCE(m.seq, 0) AS mark_seq FROM installations i "+
		"LEFT JOIN deliveries d ON d.installation_id = i.id AND d.delivery_id = ? "+
		"LEFT JOIN event_marks m ON m.installation_id = i.id AND m.subject = d.subject AND d.subject <> '' "+
		"WHERE i.id = ?", delivery, inst).Scan(&rows).Error
	if err != nil {
		return Claim{}, translate(err, "installation")
	}
	if len(rows) == 0 {
		return Claim{}, addon.Errorf(addon.ENOTFOUND, "installation not found")
	}
	r := rows[0]
	secrets, err := s.hookSecrets(r.Inst)
	if err != nil {
		return Claim{}, err
	}
	c := Claim{Installation: toInstallation(r.Inst), Secrets: secrets, MarkSeq: r.MarkSeq}
	if r.DFound {
		c.Answer = &Delivery{Event: r.DEvent, Status: r.DStatus, Body: []byte(r.DBody), Seq: r.DSeq, Subject: r.DSubject}
	}
	return c, nil
}
