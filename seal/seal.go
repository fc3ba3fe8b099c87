// Package seal encrypts secrets at rest (OAuth tokens, client secrets, hook secrets) with an
// AEAD so that a database dump alone reveals none of them.
//
// A Box holds one key that seals and any number of older keys that only open, so that the
// key can be rotated without downtime: every instance first learns the new key, then seals
// with it, then `meeting-addon reseal` re-encrypts what the old key sealed (see README).
package seal

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
)

// prefix versions the format. The ciphertext does not name its key: Open tries the keys in
// turn (GCM's tag tells a wrong key for certain), which keeps the format readable by older
// versions of the add-on as long as the key they have is the one that sealed.
const prefix = "v1:"

// Box seals and opens secrets with AES-256-GCM.
type Box struct {
	aeads []cipher.AEAD // [0] seals; all open
	key   []byte        // the sealing key, for derived sub-keys
}

// New returns a Box that seals with key and opens with key or any of old (32 bytes each).
func New(key []byte, old ...[]byte) (*Box, error) {
	b := &Box{key: append([]byte(nil), key...)}
	for i, k := range append([][]byte{key}, old...) {
		if len(k) != 32 {
			if i == 0 {
				return nil, fmt.Errorf("encryption key must be 32 bytes, got %d", len(k))
			}
			return nil, fmt.Errorf("old encryption key %d must be 32 bytes, got %d", i, len(k))
		}
		block, err := aes.NewCipher(k)
		if err != nil {
			return nil, err
		}
		aead, err := cipher.NewGCM(block)
		if err != nil {
			return nil, err
		}
		b.aeads = append(b.aeads, aead)
	}
	return b, nil
}

// SubKey derives a 32-byte key for another purpose (label) from the sealing key with HKDF,
// so that a value keyed with it (an HMAC of a login name) cannot be recomputed without the
// encryption key, and the encryption key itself is never used for two purposes.
func (b *Box) SubKey(label string) []byte {
	k, err := hkdf.Key(sha256.New, b.key, nil, "meeting-addon/"+label, 32)
	if err != nil {
		panic(err) // only for lengths HKDF cannot give; 32 bytes of SHA-256 always can
	}
	return k
}

// ParseKeys decodes a comma-separated list of keys as ParseKey does ("" gives none).
func ParseKeys(s string) ([][]byte, error) {
	var out [][]byte
	for i, part := range strings.Split(s, ",") {
		if strings.TrimSpace(part) == "" {
			continue
		}
		k, err := ParseKey(part)
		if err != nil {
			return nil, fmt.Errorf("key %d: %w", i+1, err)
		}
		out = append(out, k)
	}
	return out, nil
}

// ParseKey decodes a base64 (standard or URL, padded or not) 32-byte key.
func ParseKey(s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if k, err := enc.DecodeString(s); err == nil && len(k) == 32 {
			return k, nil
		}
	}
	return nil, errors.New("encryption key must be 32 random bytes, base64-encoded (e.g. `openssl rand -base64 32`)")
}

// Seal encrypts plaintext. context binds the ciphertext to its place (e.g. "resource:inst/r-3")
// so that a ciphertext copied to another row does not open.
func (b *Box) Seal(plaintext, context string) (string, error) {
	if plaintext == "" {
		return "", nil
	}
	nonce := make([]byte, b.aeads[0].NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return "", err
	}
	ct := b.aeads[0].Seal(nonce, nonce, []byte(plaintext), []byte(context))
	return prefix + base64.RawStdEncoding.EncodeToString(ct), nil
}

// Open decrypts what Seal produced with the same context, under any of the Box's keys.
func (b *Box) Open(sealed, context string) (string, error) {
	pt, _, err := b.open(sealed, context)
	return pt, err
}

// Current reports whether sealed opens with the sealing key: false means that reseal still has
// to re-encrypt it (or that no key of this Box opens it).
func (b *Box) Current(sealed, context string) bool {
	_, i, err := b.open(sealed, context)
	return err == nil && i == 0
}

// Reseal re-encrypts sealed under the sealing key; changed is false when it already was.
func (b *Box) Reseal(sealed, context string) (out string, changed bool, err error) {
	pt, i, err := b.open(sealed, context)
	if err != nil || i == 0 {
		return sealed, false, err
	}
	out, err = b.Seal(pt, context)
	return out, err == nil, err
}

// open returns the plaintext and the index of the key that opened it.
func (b *Box) open(sealed, context string) (string, int, error) {
	if sealed == "" {
		return "", 0, nil
	}
	raw, ok := strings.CutPrefix(sealed, prefix)
	if !ok {
		return "", 0, errors.New("seal: unknown ciphertext format")
	}
	ct, err := base64.RawStdEncoding.DecodeString(raw)
	ns := b.aeads[0].NonceSize()
	if err != nil || len(ct) < ns {
		return "", 0, errors.New("seal: malformed ciphertext")
	}
	for i, aead := range b.aeads {
		if pt, err := aead.Open(nil, ct[:ns], ct[ns:], []byte(context)); err == nil {
			return string(pt), i, nil
		}
	}
	return "", 0, errors.New("seal: cannot decrypt (wrong key or tampered data; after a key rotation, is the old key in ADDON_ENCRYPTION_KEY_OLD?)")
}
