package provider

import (
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/pbx-iac/terraform-provider-yeastar/internal/yeastar"
)

// The attributes every routing resource with a number shares: id, number and name.

func routingIDAttribute(noun, usedAs string) schema.StringAttribute {
	return schema.StringAttribute{
		MarkdownDescription: fmt.Sprintf("The %s's ID on the PBX, a number such as `\"3\"` (not its number). %s", noun, usedAs),
		Computed:            true,
		PlanModifiers:       keepState(),
	}
}

func routingNumberAttribute(noun string) schema.StringAttribute {
	return schema.StringAttribute{
		MarkdownDescription: fmt.Sprintf("The %s's number, 1 to %d digits such as `\"6300\"`, which callers dial. Extensions, ring "+
			"groups, queues and IVRs share the PBX's one number space: a number any of them holds fails the plan, naming the "+
			"holder (and, for %s, the import command). Changing it replaces the %s.", noun, yeastar.MaxRoutingNumberLen, withArticle(noun), noun),
		Required:      true,
		Validators:    []validator.String{validRoutingNumber()},
		PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
	}
}

func routingNameAttribute(noun string) schema.StringAttribute {
	return schema.StringAttribute{
		MarkdownDescription: fmt.Sprintf("The %s's name, as the PBX web portal and the phones show it: at most %d characters.",
			noun, yeastar.MaxRoutingNameLength),
		Required:   true,
		Validators: []validator.String{notBlank(), stringvalidator.LengthAtMost(yeastar.MaxRoutingNameLength)},
	}
}

func validRoutingNumber() validator.String {
	return stringCheck{
		description: fmt.Sprintf("must be 1 to %d digits", yeastar.MaxRoutingNumberLen),
		summary:     "Invalid number",
		check: func(s string) error {
			if !routingNumberPattern.MatchString(s) {
				return fmt.Errorf("a ring group's, queue's or IVR's number is 1 to %d digits, such as \"6300\"; got %q", yeastar.MaxRoutingNumberLen, s)
			}
			return nil
		},
	}
}

// withArticle is a noun with its indefinite article: "a queue", "an IVR".
func withArticle(noun string) string {
	if strings.ContainsRune("AEIOUaeiou", rune(noun[0])) {
		return "an " + noun
	}
	return "a " + noun
}
