// Package meetingaddon carries the add-on's manifest, the one source of truth for the hooks
// and the CRM fields the add-on declares.
package meetingaddon

import _ "embed"

// Manifest is manifest.json, served at GET /manifest.json.
//
//go:embed manifest.json
var Manifest []byte
