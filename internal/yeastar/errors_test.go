package yeastar

import (
	"context"
	"errors"
	"testing"

	"github.com/pbx-iac/terraform-provider-yeastar/internal/fakeyeastar"
)

// sentinels is what errors.Is matches for each errcode of the shared list, on any request
// other than get_token.
var sentinels = map[int]error{
	-2: ErrInternal, -1: ErrFailure, 1: ErrPartialSuccess, 2: ErrProcessing,
	10001: ErrInterfaceMissing, 10002: ErrUnsupportedAPI, 10003: ErrUnsupportedAPI, 10005: ErrAccessDenied, 10009: ErrOperationFailed,
	40001: ErrInvalidParameter, 40002: ErrInvalidParameter, 40003: ErrDuplicate, 40004: ErrFileTooLarge,
	60001: ErrDataNotFound, 60002: ErrTokenLimit, 60101: ErrRoleNotFound,
	70004: ErrIPBlocked, 70082: ErrBusy, 70084: ErrActionForbidden, 70087: ErrIPForbidden, 70091: ErrInUse, 70103: ErrAddressTaken, 70120: ErrOrganizationsOff,
}

func TestEveryErrcodeOfTheSharedListIsATypedError(t *testing.T) {
	for code := range fakeyeastar.Errmsgs {
		if code == CodeTokenExpired {
			continue // renewed and repeated: see TestExpiredTokenIsRenewedOnceAndTheRequestRepeated
		}
		want, known := sentinels[code]
		if !known {
			t.Errorf("errcode %d has no sentinel in this test", code)
			continue
		}
		pbx := startPBX(t)
		c := newClient(t, pbx, func(cfg *Config) { cfg.MaxRetries = -1 })
		pbx.InjectFaults("phone/search", fakeyeastar.ErrcodeFault(code))
		_, err := c.SearchPhones(context.Background(), "")
		var apiErr *APIError
		if !errors.Is(err, want) || !errors.As(err, &apiErr) || apiErr.Code != code {
			t.Errorf("errcode %d: err = %v, want %v", code, err, want)
		}
		for other, sentinel := range sentinels {
			if !errors.Is(sentinel, want) && errors.Is(err, sentinel) {
				t.Errorf("errcode %d also matches the sentinel of %d", code, other)
			}
		}
	}
	if err := (&APIError{Code: 99999}); !errors.Is(err, ErrUnknownErrcode) {
		t.Error("an errcode outside the list is not ErrUnknownErrcode")
	}
}

func TestAccessDeniedNamesThePermissionTheRequestPathNeeds(t *testing.T) {
	for path, want := range map[string]string{
		"phone/search": "auto provisioning", "auto_provisioning/compatibility": "auto provisioning",
		"extension/search": "extension management", "organization/list": "organization management",
	} {
		for _, code := range []int{CodeAccessDenied, CodeOperationFailed} {
			pbx := startPBX(t)
			c := newClient(t, pbx)
			pbx.InjectFaults(path, fakeyeastar.ErrcodeFault(code))
			_, err := c.do(context.Background(), request{method: "GET", path: path, authenticated: true})
			var apiErr *APIError
			if !errors.As(err, &apiErr) || apiErr.Permission != want {
				t.Errorf("%s answered %d: err = %#v, want the permission %q", path, code, err, want)
			}
		}
	}
}
