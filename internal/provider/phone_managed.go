package provider

import (
	"context"
	"fmt"

	"github.com/pbx-iac/terraform-provider-yeastar/internal/yeastar"
)

// managedPhones remembers, for each client (one per provider configuration, so per PBX), the
// IDs of the phones that this run's state holds, as Terraform shows them to the provider:
// Read (refresh, import) and ModifyPlan with a prior state, the plan of a destroy included. It
// tells a phone that the configuration manages under another address (a renamed resource or
// for_each key) from one outside Terraform, when a new phone's MAC address is taken.
//
// NOTE: the framework shows ModifyPlan only its own resource instance: its configuration,
// plan, prior state and private state; never its address, the other instances, nor its
// lifecycle block. So:
//   - A phone counts as managed only once Terraform has shown it to this provider process.
//     Terraform refreshes and plans instances concurrently, so the instance that holds the
//     address may be shown after the new one's MAC look-up ends: the diagnostic waits
//     seenWithin for it (with -refresh=false, only its destroy plan shows it, which Terraform
//     may send later still). When it was not seen, the diagnostic names every cause it may be.
//   - create_before_destroy cannot be seen at all: at plan time a replacement looks the same
//     either way (the MAC check is skipped for the phone the replacement deletes), and at
//     apply Terraform plans the new phone again without the prior state or private state,
//     while the old phone still holds the address. That diagnostic also names every cause.
//   - The moved block cannot name addresses: the provider does not know them, so it points
//     to `terraform state list -id=ID`, which does.
var managedPhones = &stateRegistry[int]{}

// phoneTakenDetail says what to do about a new phone whose MAC address phone id holds.
func (r *PhoneResource) phoneTakenDetail(ctx context.Context, id int, mac string) string {
	if managedPhones.seenSoon(ctx, r.client, id) {
		return movedDetail(id, mac)
	}
	return phoneExistsDetail(id, mac)
}

// deposedRecovery is how to get out of a create_before_destroy replacement that failed:
// Terraform then keeps the old phone as a deposed object at the address, and every plan of the
// address (a destroy included) meets the MAC address it holds. Checked with Terraform 1.16.
func deposedRecovery(id int) string {
	return fmt.Sprintf("remove create_before_destroy from the resource, then run `terraform state rm <address>` and "+
		"`terraform import <address> %d` (the phone stays on the PBX throughout), and apply: the replacement then deletes the "+
		"old phone first and adds the new one at once", id)
}

// movedDetail is for a phone that this run's state holds, under another address or as the
// deposed object of this one.
func movedDetail(id int, mac string) string {
	return fmt.Sprintf("The PBX's phone ID %d with MAC address %s is already managed by this configuration: the state holds it, "+
		"and Terraform plans to destroy it there and to add it again here, but the PBX holds a MAC address only once.\n\n"+
		"- If the resource was renamed or its for_each key (or count index) changed, tell Terraform that it moved, rather than "+
		"importing it (an import here would delete the phone when the old address is destroyed): add\n\n"+
		"  moved {\n    from = <old address>\n    to   = <new address>\n  }\n\n"+
		"  where `terraform state list -id=%d` shows the old address. If two resources of the configuration mean this phone, "+
		"remove one of them.\n"+
		"- If `terraform state list -id=%d` shows only this address, `terraform show` lists the phone as a deposed object: the "+
		"old phone of a create_before_destroy replacement that could not work. To recover, %s.",
		id, mac, id, id, deposedRecovery(id))
}

// phoneExistsDetail is for a phone that the provider has not seen in the state: one outside
// Terraform, or, since the provider cannot always tell, one this configuration manages under
// another address, or the old phone of a create_before_destroy replacement.
func phoneExistsDetail(id int, mac string) string {
	return fmt.Sprintf("The PBX already has phone ID %d with MAC address %s, and a MAC address can be on its phone list only once.\n\n"+
		"- A phone added outside Terraform: to manage it with Terraform, import it with an import block "+
		"(import { to = yeastar_phone.NAME, id = \"%d\" }) or terraform import yeastar_phone.NAME %d. Otherwise remove it from the "+
		"PBX (Auto Provisioning > Phones) or correct mac.\n"+
		"- A phone this configuration already manages under another address (`terraform state list -id=%d` shows it; for example "+
		"after a for_each key or the resource was renamed): do not import it, since importing it here deletes it when the old "+
		"address is destroyed; add a moved block from the old address to the new one instead.\n"+
		"- The old phone of a replacement with lifecycle { create_before_destroy = true }: that cannot work for a phone, since the "+
		"new phone would be added while the old one still holds the MAC address, which the PBX holds only once. Nothing was "+
		"added or deleted, but Terraform now keeps the old phone as a deposed object: %s.",
		id, mac, id, id, id, deposedRecovery(id))
}

// plannedPhones remembers the MAC addresses (normalized) of the phones planned with each client,
// and how the first one wrote it, so that two resources of one configuration that would add one
// phone fail the plan, naming both notations.
var plannedPhones = &planClaims{}

// canonicalMAC is the MAC address as the PBX is sent it, or the value as given when it is not one
// (its validator reports that).
func canonicalMAC(mac string) string {
	if canonical, err := yeastar.NormalizeMAC(mac); err == nil {
		return canonical
	}
	return mac
}
