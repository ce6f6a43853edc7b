package provider

import (
	"strings"

	"github.com/pbx-iac/terraform-provider-yeastar/internal/yeastar"
)

// permissionsNote is the sentence each data source's and resource's description ends with: the
// permissions of the API application it needs (PBX web portal: Integrations > API), named as
// the client's ACCESS DENIED diagnostics name them, and why, where that is not plain.
func permissionsNote(why string, permissions ...string) string {
	names := make([]string, len(permissions))
	for i, p := range permissions {
		names[i] = "**" + p + "**"
	}
	noun := "permission"
	if len(names) > 1 {
		noun = "permissions"
	}
	if why != "" {
		why = "; " + why
	}
	return " Needs the API application's " + joinAnd(names) + " " + noun + " (PBX web portal: Integrations > API" + why + ")."
}

// joinAnd writes "a", "a and b", "a, b and c".
func joinAnd(items []string) string {
	if len(items) <= 1 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

var (
	permAutoProvisioning = yeastar.PermissionAutoProvisioning
	permExtensions       = yeastar.PermissionExtensions
	permSystem           = yeastar.PermissionSystem
)
