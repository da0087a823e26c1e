package server

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/alexedwards/scs/v2"
)

// sessionCodec stores session values as JSON with their types kept apart.
// The session is decoded on every request; scs's default gob codec builds a
// new decoder, type descriptions included, each time, which cost more than
// the rest of a small page. Baken's sessions hold only integers and strings.
type sessionCodec struct{}

type sessionData struct {
	Deadline int64             `json:"d"` // unix nanoseconds
	Ints     map[string]int64  `json:"i,omitempty"`
	Strings  map[string]string `json:"s,omitempty"`
}

func (sessionCodec) Encode(deadline time.Time, values map[string]any) ([]byte, error) {
	d := sessionData{Deadline: deadline.UnixNano()}
	for k, v := range values {
		switch v := v.(type) {
		case int64:
			if d.Ints == nil {
				d.Ints = map[string]int64{}
			}
			d.Ints[k] = v
		case string:
			if d.Strings == nil {
				d.Strings = map[string]string{}
			}
			d.Strings[k] = v
		default:
			return nil, fmt.Errorf("session value %q has type %T: only int64 and string are stored", k, v)
		}
	}
	return json.Marshal(d)
}

func (sessionCodec) Decode(b []byte) (time.Time, map[string]any, error) {
	var d sessionData
	if err := json.Unmarshal(b, &d); err != nil {
		// A session written by an earlier version (gob).
		return scs.GobCodec{}.Decode(b)
	}
	values := make(map[string]any, len(d.Ints)+len(d.Strings))
	for k, v := range d.Ints {
		values[k] = v
	}
	for k, v := range d.Strings {
		values[k] = v
	}
	return time.Unix(0, d.Deadline), values, nil
}
