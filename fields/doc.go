// Package fields holds the mechanics of the CRM fields the add-on writes on an appointment:
// the invitation block appended to the user's note, the hidden meeting-data field
// (goto_meeting_data, zoom_meeting_data) and the invitation templates with their
// placeholders. It knows no HTTP and no provider API; hook handlers call it to build their
// answer.
package fields
