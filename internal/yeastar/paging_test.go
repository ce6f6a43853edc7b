package yeastar

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/pbx-iac/terraform-provider-yeastar/internal/fakeyeastar"
)

func addPhones(pbx *testPBX, n int) []int {
	var ids []int
	for i := range n {
		ids = append(ids, pbx.AddPhone(fakeyeastar.Phone{MAC: fmt.Sprintf("80:5E:C0:00:00:%02X", i), Vendor: "Yealink", Model: "CP920",
			TemplateName: "YSDP_YealinkCP", ProvisioningMethod: "rps"}))
	}
	return ids
}

func phoneIDs(phones []PhoneSummary) []int {
	var ids []int
	for _, p := range phones {
		ids = append(ids, p.ID)
	}
	return ids
}

func TestAListingThatChangesWhileItIsReadIsReadAgainAndNeverShort(t *testing.T) {
	for name, change := range map[string]func(pbx *testPBX, ids []int) []int{
		"a phone on the first page deleted": func(pbx *testPBX, ids []int) []int {
			pbx.DeletePhone(ids[2])
			return slices.Delete(slices.Clone(ids), 2, 3)
		},
		"a phone added": func(pbx *testPBX, ids []int) []int {
			return append(slices.Clone(ids), addPhones(pbx, 1)...)
		},
	} {
		t.Run(name, func(t *testing.T) {
			pbx := startPBX(t)
			pbx.MaxPageSize = 5
			ids := addPhones(pbx, 12)
			var want []int
			// The change lands between the first and the second page.
			pbx.InjectFaults("phone/search", fakeyeastar.Fault{Pass: true}, fakeyeastar.Fault{Pass: true, Before: func() { want = change(pbx, ids) }})
			phones, err := newClient(t, pbx).SearchPhones(context.Background(), "")
			if err != nil {
				t.Fatalf("SearchPhones: %v", err)
			}
			if got := phoneIDs(phones); !slices.Equal(got, want) {
				t.Errorf("SearchPhones IDs = %v\nwant %v (every phone the PBX holds now)", got, want)
			}
		})
	}
}

func TestAListingThatNeverStopsChangingIsAnError(t *testing.T) {
	pbx := startPBX(t)
	pbx.MaxPageSize = 5
	ids := addPhones(pbx, 40)
	next := 0
	for range 20 {
		pbx.InjectFaults("phone/search", fakeyeastar.Fault{Pass: true, Before: func() { pbx.DeletePhone(ids[next]); next++ }})
	}
	phones, err := newClient(t, pbx).SearchPhones(context.Background(), "")
	if err == nil || !errors.Is(err, ErrListingChanged) || !strings.Contains(err.Error(), "on each of 4 reads") {
		t.Fatalf("SearchPhones = %d phones, %v; want an error after 4 reads", len(phones), err)
	}
}

func TestDeletePhoneConfirmsAnUnknownIDWithAListing(t *testing.T) {
	pbx := startPBX(t)
	c := newClient(t, pbx)
	ids := addPhones(pbx, 2)
	refusal := fakeyeastar.InvalidParamFault("batch_id_list", fmt.Sprint(ids[0]), "not_found")

	// The PBX calls the phone unknown, but still lists it: not "already gone".
	pbx.InjectFaults("phone/batchdelete", refusal)
	err := c.DeletePhone(context.Background(), ids[0])
	if err == nil || !strings.Contains(err.Error(), "yet still lists it") {
		t.Fatalf("DeletePhone = %v, want an error saying the PBX still lists the phone", err)
	}

	// Gone indeed: deleted behind the client's back.
	pbx.DeletePhone(ids[1])
	pbx.ResetStats()
	if err := c.DeletePhone(context.Background(), ids[1]); err != nil {
		t.Fatalf("DeletePhone of a phone that is gone = %v, want nil", err)
	}
	if n := pbx.Stats().Endpoints["phone/search"]; n == 0 {
		t.Error("the disappearance was not confirmed with a listing")
	}
}
