package addon

import (
	"sync"
	"time"
)

// zones keeps the zones LoadLocation found: time.LoadLocation reads and parses the zone file on
// every call, and every save needs its appointment's zone several times. Only zones that exist
// are kept, so the map holds at most the zone database's few hundred names.
var zones sync.Map // name → *time.Location

// LoadLocation is time.LoadLocation, with each zone read once per process.
func LoadLocation(name string) (*time.Location, error) {
	if loc, ok := zones.Load(name); ok {
		return loc.(*time.Location), nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, err
	}
	zones.Store(name, loc)
	return loc, nil
}
