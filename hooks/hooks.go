// Package hooks receives the CRM's signed hooks: it verifies signature, timestamp and
// installation, bounds and validates the body, makes every delivery take effect once, and
// hands the event to the meeting and resource services.
package hooks

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/catalog"
	"github.com/onlinemeetings/meeting-addon/meeting"
	"github.com/onlinemeetings/meeting-addon/resources"
	"github.com/onlinemeetings/meeting-addon/store"
	"github.com/onlinemeetings/meeting-addon/telemetry"
)

// Events lists the hooks of protocol version 1.
var Events = []string{"appointment.saved", "appointment.series_element_opened", "appointment.deleted", "resource.saved", "resource.deleted"}

// Window is how far a hook's timestamp may be from our clock.
const Window = 5 * time.Minute

// budget is what we allow ourselves of the CRM's 15 seconds, leaving room for the answer.
const budget = 13 * time.Second

// Handler serves POST /hooks/v1/:event.
type Handler struct {
	Store     *store.Store
	Meetings  *meeting.Service
	Resources *resources.Service
	Now       func() time.Time
}

func (h *Handler) now() time.Time {
	if h.Now != nil {
		return h.Now()
	}
	return time.Now()
}

// Serve reads (bounded), verifies, decodes, validates and dispatches one hook.
func (h *Handler) Serve(c echo.Context) error {
	event := c.Param("event")
	if !isEvent(event) {
		return addon.Errorf(addon.ENOTFOUND, "unknown hook event %q", event)
	}
	req := c.Request()
	rec := telemetry.From(req.Context()) // for the request's log line
	rec.SetEvent(event)
	if d := req.Header.Get("X-CRM-Delivery"); uuid.Validate(d) == nil {
		rec.SetDelivery(d)
	}
	if req.ContentLength > MaxBody {
		return addon.Errorf(addon.ETOOLARGE, "hook body larger than %d bytes", MaxBody)
	}
	raw, err := io.ReadAll(io.LimitReader(req.Body, MaxBody+1))
	if err != nil {
		return addon.Errorf(addon.EINVALID, "cannot read hook body")
	}
	if len(raw) > MaxBody {
		return addon.Errorf(addon.ETOOLARGE, "hook body larger than %d bytes", MaxBody)
	}
	claim, delivery, sig, err := h.verify(req.Context(), req.Header, raw)
	if err != nil {
		return err
	}
	inst := claim.Installation
	if !utf8.Valid(raw) {
		// JSON decoding would silently replace the bad bytes, and the note that went back
		// would no longer be the user's.
		return catalog.Invalid("body", "hooks.field.body_not_utf8")
	}
	b, err := decode(raw)
	if err != nil {
		return err
	}
	c.Set(LocaleKey, b.User.Locale) // errors from here on, refusals of fields too, are shown to this user
	v, err := validate(event, b, inst, h.now())
	if err != nil {
		return err
	}
	c.Set(LocaleKey, v.user.Locale)
	ctx, cancel := context.WithTimeout(req.Context(), budget)
	defer cancel()
	status, answer, err := h.answer(ctx, claim, delivery, sig, event, v)
	if err != nil && ctx.Err() != nil && addon.ErrorCode(err) == addon.EINTERNAL {
		// The time budget ran out in the middle of a database call (waiting for a busy row):
		// nothing was lost, and the CRM's redelivery finishes the work.
		err = catalog.Error(addon.EUNAVAILABLE, "hooks.change_took_too_long")
	}
	if err != nil {
		return err
	}
	return c.JSONBlob(status, answer)
}

// LocaleKey is the echo context key under which Serve leaves the hook user's locale, so that
// an error answer can be given in the user's language.
const LocaleKey = "hook_user_locale"

func isEvent(e string) bool {
	for _, x := range Events {
		if x == e {
			return true
		}
	}
	return false
}

// signature is a verified request's MAC key (hex sha256 of installation and MAC bytes), to
// be recorded with the answer once the request is known to be new.
type signature string

// verify checks the headers and the signature and returns the claim (the installation, and
// the delivery's stored answer if it has one: one read), the delivery id and the MAC to record.
func (h *Handler) verify(ctx context.Context, hdr http.Header, raw []byte) (store.Claim, string, signature, error) {
	unauthorized := func(msg string) error { return addon.Errorf(addon.EUNAUTHORIZED, "%s", msg) }
	instID := hdr.Get("X-CRM-Installation")
	if instID == "" || len(instID) > maxID {
		return store.Claim{}, "", "", unauthorized("missing or invalid X-CRM-Installation header")
	}
	delivery := hdr.Get("X-CRM-Delivery")
	if _, err := uuid.Parse(delivery); err != nil {
		return store.Claim{}, "", "", addon.Invalid("X-CRM-Delivery", "must be a UUID")
	}
	ts, err := strconv.ParseInt(hdr.Get("X-CRM-Timestamp"), 10, 64)
	if err != nil {
		return store.Claim{}, "", "", unauthorized("missing or invalid X-CRM-Timestamp header")
	}
	if d := h.now().Sub(time.Unix(ts, 0)); d > Window || d < -Window {
		return store.Claim{}, "", "", unauthorized("stale X-CRM-Timestamp: the request is older than 5 minutes or the clocks differ")
	}
	sig, ok := strings.CutPrefix(hdr.Get("X-CRM-Signature"), "v1=")
	mac, herr := hex.DecodeString(sig)
	if !ok || herr != nil || len(mac) != sha256.Size {
		return store.Claim{}, "", "", unauthorized("missing or malformed X-CRM-Signature header")
	}
	claim, err := h.Store.Claim(ctx, instID, delivery)
	if addon.ErrorCode(err) == addon.ENOTFOUND {
		return store.Claim{}, "", "", unauthorized("unknown installation")
	} else if err != nil {
		return store.Claim{}, "", "", err
	}
	if !signedBy(claim.Secrets, hdr.Get("X-CRM-Timestamp"), raw, mac) {
		return store.Claim{}, "", "", unauthorized("invalid signature")
	}
	if claim.Installation.Disabled {
		return store.Claim{}, "", "", addon.Errorf(addon.EFORBIDDEN, "this installation is disabled; contact the add-on vendor")
	}
	seen := sha256.Sum256(append([]byte(instID+":"), mac...))
	return claim, delivery, signature(hex.EncodeToString(seen[:])), nil
}

// Sign returns the X-CRM-Signature value for a body (used by the demo and tests).
func Sign(secret string, ts int64, raw []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(strconv.FormatInt(ts, 10) + "."))
	m.Write(raw)
	return "v1=" + hex.EncodeToString(m.Sum(nil))
}

func signedBy(secrets []string, ts string, raw, mac []byte) bool {
	ok := false
	for _, s := range secrets {
		m := hmac.New(sha256.New, []byte(s))
		m.Write([]byte(ts + "."))
		m.Write(raw)
		if hmac.Equal(m.Sum(nil), mac) {
			ok = true
		}
	}
	return ok
}

// answer answers a redelivery from the store when the claim found its answer (no lease: a
// stored answer never changes), and otherwise records the MAC and runs the event once.
func (h *Handler) answer(ctx context.Context, claim store.Claim, delivery string, sig signature, event string, v validated) (int, []byte, error) {
	if d := claim.Answer; d != nil {
		if d.Subject == "" { // stored before answers knew their subject (migration 2026120650)
			_, seq, err := h.Store.Answered(ctx, claim.Installation.ID, delivery, markSubjects(v)[0])
			if err != nil {
				return 0, nil, err
			}
			claim.MarkSeq = seq
		}
		return stored(ctx, *d, claim.MarkSeq, v.user.Locale)
	}
	return h.once(ctx, claim.Installation, delivery, sig, event, v)
}

// stored is a delivery's stored answer for its redelivery, without its record part when a
// newer event (seq, the subject's mark now) has been applied since.
func stored(ctx context.Context, d store.Delivery, seq int64, locale string) (int, []byte, error) {
	telemetry.From(ctx).SetOutcome("redelivery")
	if seq > d.Seq {
		out, err := overtaken(d.Body, locale)
		return http.StatusOK, out, err
	}
	return d.Status, d.Body, nil
}

// once runs the event under the record's lease and stores the answer under the delivery id,
// so that a redelivery, even a concurrent one, gets the same answer without a second effect.
// Events apply in the order they occurred at the CRM (see order.go): an older one than the
// newest applied changes nothing, and a stored answer that a newer event has overtaken no
// longer writes its note and fields back.
func (h *Handler) once(ctx context.Context, inst addon.Installation, delivery string, sig signature, event string, v validated) (int, []byte, error) {
	lease, err := h.Store.Hold(ctx, lockName(inst.ID, v), 30*time.Second)
	if err != nil {
		return 0, nil, err
	}
	defer lease.Release() // unless the answer's commit gave it up already
	subjects := markSubjects(v)
	ctx = store.WithPending(ctx, inst) // the meeting's record rides in the answer's commit
	var ahead store.Ahead              // what the save will read first
	if a := v.appointment; a != nil {
		ahead = store.Ahead{Appointment: a.ID, Single: a.Series == nil && a.Occurrence == nil}
	}
	marks, answered, first, err := h.Store.MarksAndDelivery(ctx, inst.ID, delivery, string(sig), ahead, subjects...)
	if err != nil {
		return 0, nil, err
	}
	mark := marks[subjects[0]]
	// A MAC covers the timestamp and the body: the same MAC again is the same content again
	// (a replay, in whatever case its hex is written, or two identical events signed in the
	// same second). It is answered as the delivery it was first recorded with, never applied
	// twice; the MAC is recorded with the answer, in its commit. The CRM's redeliveries carry
	// a new timestamp, hence a new MAC, and the same delivery id.
	if first != "" && first != delivery {
		delivery = first
		d, err := h.Store.Delivery(ctx, inst.ID, delivery)
		if err == nil {
			return stored(ctx, d, mark.Seq, v.user.Locale)
		} else if addon.ErrorCode(err) != addon.ENOTFOUND {
			return 0, nil, err
		}
	}
	if first != "" {
		sig = "" // recorded already
	}
	if answered { // by a concurrent delivery of the same event, while this one waited for the lease
		d, err := h.Store.Delivery(ctx, inst.ID, delivery)
		if err != nil {
			return 0, nil, err
		}
		return stored(ctx, d, mark.Seq, v.user.Locale)
	}
	if stale(v, marks, subjects) {
		telemetry.From(ctx).SetOutcome("stale")
		ans := addon.Answer{Messages: []addon.Message{staleMessage(v.user.Locale)}, Buttons: []addon.Button{}}
		out, err := json.Marshal(ans)
		if err != nil {
			return 0, nil, err
		}
		d := store.Delivery{Event: event, Status: http.StatusOK, Body: out, Seq: mark.Seq, Subject: subjects[0], MAC: string(sig)}
		if err := h.Store.SaveDelivery(ctx, inst.ID, delivery, d); err != nil {
			return 0, nil, err
		}
		return http.StatusOK, out, nil
	}
	ans, err := h.dispatch(ctx, inst, event, v)
	if err != nil {
		return 0, nil, err
	}
	telemetry.From(ctx).SetOutcome(outcome(ans))
	if ans.Messages == nil {
		ans.Messages = []addon.Message{}
	}
	if ans.Buttons == nil {
		ans.Buttons = []addon.Button{}
	}
	out, err := json.Marshal(ans)
	if err != nil {
		return 0, nil, err
	}
	deleted := event == "appointment.deleted" || event == "resource.deleted"
	d := store.Delivery{Event: event, Status: http.StatusOK, Body: out, Subject: subjects[0], MAC: string(sig)}
	if _, err := h.Store.ApplyEvent(ctx, lease, inst.ID, subjects[0], mark, v.occurred.UnixMilli(), deleted, delivery, d); err != nil {
		return 0, nil, err
	}
	return http.StatusOK, out, nil
}

func lockName(inst string, v validated) string {
	if v.resource != nil {
		return addon.ResourceLock(inst, v.resource.ID)
	}
	return addon.AppointmentLock(inst, v.appointment.ID)
}

func (h *Handler) dispatch(ctx context.Context, inst addon.Installation, event string, v validated) (addon.Answer, error) {
	switch event {
	case "appointment.saved":
		return h.Meetings.AppointmentSaved(ctx, inst, v.user, v.appointment)
	case "appointment.series_element_opened":
		return h.Meetings.SeriesElementOpened(ctx, inst, v.user, v.appointment, v.seriesMaster)
	case "appointment.deleted":
		return h.Meetings.AppointmentDeleted(ctx, inst, v.appointment)
	case "resource.saved":
		return h.Resources.Saved(ctx, inst, v.user, *v.resource)
	case "resource.deleted":
		return h.Resources.Deleted(ctx, inst, v.user, *v.resource)
	}
	return addon.Answer{}, addon.Errorf(addon.ENOTFOUND, "unknown hook event %q", event)
}
