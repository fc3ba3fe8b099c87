package web

// Texts of the settings page's licence pools, merged into messages.
func init() {
	for lang, m := range map[string]map[string]string{
		"de": {
			"pools_title":               "Lizenz-Pools",
			"pools_help":                "Ein Pool ist eine CRM-Ressource (z. B. „Zoom“), die für mehrere Zoom-Lizenzen und GoTo-Konten steht: Wer sie in einem Termin bucht, erhält eine Lizenz, die für die ganze Zeit frei ist (bei Serien und Kursen für alle Termine), und behält sie bei späteren Speicherungen, solange sie frei bleibt. Einen Pool legen Sie im CRM an: eine Ressource mit ausgefülltem Feld „Lizenz-Pool“. Seine Lizenzen wählen Sie hier.",
			"pools_none":                "Noch kein Pool. Legen Sie im Ressourcen-Modul eine Ressource an (z. B. „Zoom“) und füllen Sie das Feld „Lizenz-Pool“ aus; nach dem Speichern erscheint sie hier.",
			"pool_members":              "Lizenzen dieses Pools",
			"pool_member":               "Ressource",
			"pool_account":              "Konto",
			"pool_capacity":             "Gleichzeitige Meetings",
			"pool_cap_default":          "Standard der Installation (%d)",
			"pool_cap_pro":              "1 (Zoom Pro)",
			"pool_cap_business":         "2 (Business, Education, Enterprise)",
			"pool_goto_capacity":        "1 (GoTo)",
			"pool_provider_zoom":        "Zoom",
			"pool_provider_gotomeeting": "GoTo",
			"pool_not_connected":        "noch nicht freigegeben",
			"pool_count":                "%d von %d Ressourcen sind Lizenzen dieses Pools.",
			"pool_save":                 "Lizenzen speichern",
			"pool_unknown":              "Diesen Pool gibt es nicht (mehr); laden Sie die Seite neu.",
			"pool_no_options":           "Es gibt noch keine Zoom- oder GoTo-Ressourcen, die Lizenzen des Pools sein können.",
			"flash_pool":                "Die Lizenzen des Pools wurden gespeichert.",
			"nav_pools_none":            "Kein Pool",
			"nav_pools_one":             "1 Pool",
			"nav_pools_n":               "%d Pools",
			"nav_pools_empty_one":       "1 ohne Lizenzen",
			"nav_pools_empty_n":         "%d ohne Lizenzen",
		},
		"en": {
			"pools_title":               "Licence pools",
			"pools_help":                "A pool is a CRM resource (e.g. \"Zoom\") that stands for several Zoom licences and GoTo accounts: an appointment that books it gets a licence that is free for the whole time (for series and courses on every date), and keeps it on later saves as long as it stays free. Create a pool in the CRM: a resource with the field \"Licence pool\" filled in. Choose its licences here.",
			"pools_none":                "No pool yet. Create a resource in the Resources module (e.g. \"Zoom\") and fill in the field \"Licence pool\"; once saved, it appears here.",
			"pool_members":              "Licences of this pool",
			"pool_member":               "Resource",
			"pool_account":              "Account",
			"pool_capacity":             "Concurrent meetings",
			"pool_cap_default":          "Installation default (%d)",
			"pool_cap_pro":              "1 (Zoom Pro)",
			"pool_cap_business":         "2 (Business, Education, Enterprise)",
			"pool_goto_capacity":        "1 (GoTo)",
			"pool_provider_zoom":        "Zoom",
			"pool_provider_gotomeeting": "GoTo",
			"pool_not_connected":        "not connected yet",
			"pool_count":                "%d of %d resources are licences of this pool.",
			"pool_save":                 "Save licences",
			"pool_unknown":              "This pool does not exist (any more); reload the page.",
			"pool_no_options":           "There are no Zoom or GoTo resources yet that could be licences of the pool.",
			"flash_pool":                "The pool's licences were saved.",
			"nav_pools_none":            "No pool",
			"nav_pools_one":             "1 pool",
			"nav_pools_n":               "%d pools",
			"nav_pools_empty_one":       "1 without licences",
			"nav_pools_empty_n":         "%d without licences",
		},
	} {
		for k, v := range m {
			messages[lang][k] = v
		}
	}
}
