package kit

import (
	"net/http"
	"net/netip"
	"strings"
)

// ClientIP is the address of the client. X-Forwarded-For is believed only
// when the request comes from a configured trusted proxy: then the client is
// the right-most address in the header that is not itself a trusted proxy.
// Anyone else could write any address into the header.
func (k *Kit) ClientIP(r *http.Request) string {
	peer := remoteAddr(r)
	if !peer.IsValid() || !k.Config.TrustedProxy(peer) {
		return addrString(peer, r.RemoteAddr)
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			break // a malformed hop: trust nothing further left
		}
		if !k.Config.TrustedProxy(a) {
			return a.Unmap().String()
		}
		peer = a
	}
	return peer.Unmap().String()
}

func remoteAddr(r *http.Request) netip.Addr {
	ap, err := netip.ParseAddrPort(r.RemoteAddr)
	if err != nil {
		return netip.Addr{}
	}
	return ap.Addr().Unmap()
}

func addrString(a netip.Addr, raw string) string {
	if a.IsValid() {
		return a.String()
	}
	return raw
}
