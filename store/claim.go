package store

import (
	"context"
	"database/sql"

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

var claimSQL = "SELECT " + prefixed("i.", installationCols) + ", d.delivery_id IS NOT NULL, COALESCE(d.event, ''), " +
	"COALESCE(d.status, 0), COALESCE(d.body, ''), COALESCE(d.seq, 0), COALESCE(d.subject, ''), COALESCE(m.seq, 0) " +
	"FROM installations i LEFT JOIN deliveries d ON d.installation_id = i.id AND d.delivery_id = ? " +
	"LEFT JOIN event_marks m ON m.installation_id = i.id AND m.subject = d.subject AND d.subject <> '' WHERE i.id = ?"

// Claim reads, in one statement, what every hook needs before it can do anything: the
// installation and its secrets (to check the signature) and the delivery's stored answer (a
// redelivery is answered from it, with no further statement). ENOTFOUND: no such installation.
// An answer stored before deliveries knew their subject has MarkSeq 0; see Answered.
func (s *Store) Claim(ctx context.Context, inst, delivery string) (Claim, error) {
	var (
		row             installationRow
		found, answered bool
		markSeq         int64
		d               Delivery
		body            string
	)
	err := s.query(ctx, nil, func(r *sql.Rows) error {
		found = true
		return r.Scan(append(row.dest(), &answered, &d.Event, &d.Status, &body, &d.Seq, &d.Subject, &markSeq)...)
	}, claimSQL, delivery, inst)
	if err != nil {
		return Claim{}, translate(err, "installation")
	}
	if !found {
		return Claim{}, addon.Errorf(addon.ENOTFOUND, "installation not found")
	}
	secrets, err := s.hookSecrets(row)
	if err != nil {
		return Claim{}, err
	}
	c := Claim{Installation: toInstallation(row), Secrets: secrets, MarkSeq: markSeq}
	if answered {
		d.Body = []byte(body)
		c.Answer = &d
	}
	return c, nil
}
