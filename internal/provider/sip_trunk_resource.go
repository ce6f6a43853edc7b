package provider

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/pbx-iac/terraform-provider-yeastar/internal/yeastar"
)

const sipTrunkResourceType = "yeastar_sip_trunk"

// NewSIPTrunkResource returns the yeastar_sip_trunk resource.
func NewSIPTrunkResource() resource.Resource {
	return &routingResource[sipTrunkModel, yeastar.Trunk]{spec: sipTrunkSpec}
}

// sipTrunkModel is one SIP trunk. Its password is write-only: never in a plan or the state.
type sipTrunkModel struct {
	ID                   types.String `tfsdk:"id"`
	Name                 types.String `tfsdk:"name"`
	Type                 types.String `tfsdk:"type"`
	Hostname             types.String `tfsdk:"hostname"`
	Port                 types.Int64  `tfsdk:"port"`
	Transport            types.String `tfsdk:"transport"`
	Domain               types.String `tfsdk:"domain"`
	Username             types.String `tfsdk:"username"`
	AuthName             types.String `tfsdk:"auth_name"`
	PasswordWO           types.String `tfsdk:"password_wo"`
	PasswordWOVersion    types.Int64  `tfsdk:"password_wo_version"`
	Enabled              types.Bool   `tfsdk:"enabled"`
	Codecs               types.List   `tfsdk:"codecs"`
	OutboundCallerID     types.String `tfsdk:"outbound_caller_id"`
	OutboundCallerIDName types.String `tfsdk:"outbound_caller_id_name"`
}

var (
	// hostnamePattern is a SIP server's host name or IP address, without scheme, port or path.
	hostnamePattern = regexp.MustCompile(`^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)*[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$|^\[?[0-9A-Fa-f:.]+\]?$`)
	// outboundCallerIDPattern is the P-Series limit for an outbound caller ID.
	outboundCallerIDPattern = regexp.MustCompile(`^[0-9A-Za-z\[\]().\-+*#]{1,31}$`)
)

func validHostname() validator.String {
	return stringCheck{
		description: "must be a host name or IP address",
		summary:     "Invalid hostname",
		check: func(s string) error {
			if len(s) > 255 || !hostnamePattern.MatchString(s) {
				return fmt.Errorf("%q is not a host name or IP address: give the carrier's SIP server alone, such as "+
					"\"sip.carrier.example\" or \"203.0.113.10\", without sip:, a port (that is port) or a path", s)
			}
			return nil
		},
	}
}

func validOutboundCallerID() validator.String {
	return stringCheck{
		description: "must be at most 31 digits, letters and [ ] ( ) . - + * #",
		summary:     "Invalid outbound caller ID",
		check: func(s string) error {
			if !outboundCallerIDPattern.MatchString(s) {
				return fmt.Errorf("%q is not an outbound caller ID the PBX takes: 1 to 31 digits, letters and [ ] ( ) . - + * #, without spaces", s)
			}
			return nil
		},
	}
}

// optionalTextAttribute is an optional string that the PBX holds as "" when unset.
func optionalTextAttribute(description string, validators ...validator.String) schema.StringAttribute {
	return schema.StringAttribute{MarkdownDescription: description, Optional: true,
		Validators: append([]validator.String{notBlank()}, validators...)}
}

// textOrNull is what the state holds for a field the PBX answers "" when unset.
func textOrNull(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}

var sipTrunkSpec = &routingSpec[sipTrunkModel, yeastar.Trunk]{
	typeName: sipTrunkResourceType,
	kind:     yeastar.KindTrunk,
	calls:    (*yeastar.Client).Trunks,
	identity: "The SIP trunk's ID on the PBX, a number such as \"3\" (not its name).",
	keyPath:  "name", validKey: validRoutingName, keyExample: "Carrier",
	id:  func(m *sipTrunkModel) *types.String { return &m.ID },
	key: func(m *sipTrunkModel) *types.String { return &m.Name },
	schema: func() schema.Schema {
		return schema.Schema{
			MarkdownDescription: "One SIP trunk of the PBX: its connection to a carrier (an internet telephony service " +
				"provider), through which the inbound routes take calls in and the outbound routes send them out. The " +
				"registration password is write-only (`password_wo`, Terraform 1.11 and later): it is never in the plan, the " +
				"state, a log line or a diagnostic. Every value is checked during `terraform plan`, including whether the name " +
				"is free and whether another trunk already uses the host and port, so that bad input fails the plan before " +
				"anything changes. Changing `type` replaces the trunk; everything else changes in place.",
			Attributes: map[string]schema.Attribute{
				"id": namedRoutingIDAttribute("SIP trunk", "A route takes it in `trunk_ids`."),
				"name": schema.StringAttribute{
					MarkdownDescription: fmt.Sprintf("The trunk's name, unique among the PBX's trunks (at most %d characters). "+
						"Trunks have no number, so the name is what the provider finds a trunk by: after a lost answer to a create, "+
						"and for `terraform import`. A name another trunk has fails the plan, naming it and the import command.",
						yeastar.MaxRoutingNameLength),
					Required:   true,
					Validators: []validator.String{notBlank(), stringvalidator.LengthAtMost(yeastar.MaxRoutingNameLength)},
				},
				"type": schema.StringAttribute{
					MarkdownDescription: "How the PBX and the carrier find each other: `register` (the PBX registers to the " +
						"carrier with `username` and `password_wo`) or `peer` (the carrier sends calls to the PBX's address, without " +
						"registration). Changing it replaces the trunk.",
					Required:      true,
					Validators:    []validator.String{stringvalidator.OneOf(yeastar.TrunkTypes...)},
					PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
				},
				"hostname": schema.StringAttribute{
					MarkdownDescription: "The carrier's SIP server: a host name such as `sip.carrier.example` or an IP address, " +
						"without `sip:` or a port. The PBX refuses a host and port that another trunk uses (errcode 70103): the " +
						"plan fails where the provider can see it, and the error names that trunk.",
					Required:   true,
					Validators: []validator.String{validHostname()},
				},
				"port": schema.Int64Attribute{
					MarkdownDescription: fmt.Sprintf("The carrier's SIP port, 1 to 65535. Defaults to %d.", yeastar.DefaultSIPPort),
					Optional:            true, Computed: true,
					Default:    int64default.StaticInt64(yeastar.DefaultSIPPort),
					Validators: []validator.Int64{int64validator.Between(1, 65535)},
				},
				"transport": schema.StringAttribute{
					MarkdownDescription: "The SIP transport: `udp`, `tcp` or `tls`. Defaults to `udp`.",
					Optional:            true, Computed: true,
					Default:    stringdefault.StaticString("udp"),
					Validators: []validator.String{stringvalidator.OneOf(yeastar.TrunkTransports...)},
				},
				"domain": optionalTextAttribute("The SIP domain (realm) the carrier expects, where it differs from `hostname`. Unset, none is sent."),
				"username": optionalTextAttribute("The user name the PBX registers with, which the carrier gave. A `register` trunk needs " +
					"it; a `peer` trunk may leave it out."),
				"auth_name": optionalTextAttribute("The authentication name, where the carrier gives one apart from `username`. Unset, the " +
					"PBX authenticates with `username`."),
				"password_wo": schema.StringAttribute{
					MarkdownDescription: fmt.Sprintf("The registration password the carrier gave, %d to %d characters, checked during "+
						"plan. Write-only (Terraform 1.11 and later, OpenTofu 1.11 and later): never stored in the plan or the state, "+
						"and never shown in a log line or a diagnostic. It is sent at create and again whenever "+
						"`password_wo_version` changes; the PBX's reads answer the password, and the provider never copies it. A "+
						"`register` trunk needs it to be created; a CLI without write-only arguments cannot set it, but manages a "+
						"trunk created in the PBX web portal and imported. Take it from a sensitive or ephemeral variable rather "+
						"than a literal.", yeastar.MinTrunkPasswordLength, yeastar.MaxTrunkPasswordLength),
					Optional: true, Sensitive: true, WriteOnly: true,
				},
				"password_wo_version": schema.Int64Attribute{
					MarkdownDescription: "Any number; changing it sends `password_wo` to the PBX again (rotation), since Terraform " +
						"cannot see a change of the write-only value itself. It needs `password_wo`. After an import, a set " +
						"`password_wo_version` plans one in-place update that sends the configured password.",
					Optional: true,
				},
				"enabled": schema.BoolAttribute{
					MarkdownDescription: "Whether the trunk is in use (the PBX's `enable`, sent as the integer 1 or 0). Defaults to `true`.",
					Optional:            true, Computed: true,
					Default: booldefault.StaticBool(true),
				},
				"codecs": schema.ListAttribute{
					MarkdownDescription: "The codecs the trunk offers, in order of preference, by the PBX's names: `" +
						strings.Join(yeastar.TrunkCodecs, "`, `") + "`. Unset, the trunk keeps the PBX's choice, which the state shows.",
					ElementType: types.StringType,
					Optional:    true, Computed: true,
					Validators: []validator.List{listvalidator.SizeAtLeast(1), listvalidator.UniqueValues(),
						listvalidator.ValueStringsAre(stringvalidator.OneOf(yeastar.TrunkCodecs...))},
					PlanModifiers: []planmodifier.List{listplanmodifier.UseStateForUnknown()},
				},
				"outbound_caller_id": optionalTextAttribute("The caller ID number that calls out through this trunk show by default (the "+
					"PBX's `def_outbound_cid`): at most 31 digits, letters and `[ ] ( ) . - + * #`.", validOutboundCallerID()),
				"outbound_caller_id_name": optionalTextAttribute("The caller ID name that calls out through this trunk show by default (the "+
					"PBX's `def_outbound_cid_name`), at most 63 characters.", stringvalidator.LengthAtMost(maxNameLength)),
			},
		}
	},
	validateWriteOnly: validateTrunkPassword,
	validate: func(_ context.Context, config sipTrunkModel, diags *diag.Diagnostics) {
		if config.Type.ValueString() == yeastar.TrunkTypeRegister && config.Username.IsNull() {
			diags.AddAttributeError(path.Root("username"), "Register trunk without a user name",
				"A trunk of type \"register\" registers to the carrier with a user name and a password: set username (and "+
					"password_wo) to what the carrier gave, or use type \"peer\" for a carrier that sends calls by address.")
		}
	},
	expand: func(ctx context.Context, plan, _ sipTrunkModel) (yeastar.Trunk, diag.Diagnostics) {
		var diags diag.Diagnostics
		t := yeastar.Trunk{Name: plan.Name.ValueString(), Enabled: plan.Enabled.ValueBool(), Type: plan.Type.ValueString(),
			Transport: plan.Transport.ValueString(), Hostname: plan.Hostname.ValueString(), Port: int(plan.Port.ValueInt64()),
			Domain: plan.Domain.ValueString(), Username: plan.Username.ValueString(), AuthName: plan.AuthName.ValueString(),
			OutboundCallerID: plan.OutboundCallerID.ValueString(), OutboundCallerIDName: plan.OutboundCallerIDName.ValueString()}
		t.ID, _ = strconv.Atoi(plan.ID.ValueString())
		if !plan.Codecs.IsNull() && !plan.Codecs.IsUnknown() {
			t.Codecs = []string{}
			diags.Append(plan.Codecs.ElementsAs(ctx, &t.Codecs, false)...)
		}
		return t, diags
	},
	flatten: func(t yeastar.Trunk, m *sipTrunkModel) {
		m.ID = types.StringValue(strconv.Itoa(t.ID))
		m.Name, m.Type, m.Hostname = types.StringValue(t.Name), types.StringValue(t.Type), types.StringValue(t.Hostname)
		m.Port, m.Transport, m.Enabled = types.Int64Value(int64(t.Port)), types.StringValue(t.Transport), types.BoolValue(t.Enabled)
		m.Domain, m.Username, m.AuthName = textOrNull(t.Domain), textOrNull(t.Username), textOrNull(t.AuthName)
		m.OutboundCallerID, m.OutboundCallerIDName = textOrNull(t.OutboundCallerID), textOrNull(t.OutboundCallerIDName)
		codecs := make([]attr.Value, len(t.Codecs))
		for i, c := range t.Codecs {
			codecs[i] = types.StringValue(c)
		}
		m.Codecs = types.ListValueMust(types.StringType, codecs)
		// The password is never read back; its version is the configuration's alone.
		m.PasswordWO = types.StringNull()
	},
	planChecks: func(ctx context.Context, client *yeastar.Client, plan, config sipTrunkModel, state *sipTrunkModel, checks *checkGroup) {
		if state == nil && plan.Type.ValueString() == yeastar.TrunkTypeRegister && config.PasswordWO.IsNull() {
			checks.run(func(diags *diag.Diagnostics) { diags.Append(registerTrunkNeedsPassword()) })
		}
		if !plan.Hostname.IsUnknown() && !plan.Port.IsUnknown() {
			checks.run(func(diags *diag.Diagnostics) { checkTrunkAddressIsFree(ctx, client, plan, state, diags) })
		}
	},
	writeOnly: func(plan, config sipTrunkModel, state *sipTrunkModel, into *yeastar.Trunk, diags *diag.Diagnostics) {
		send := state == nil || versionBumped(plan.PasswordWOVersion, state.PasswordWOVersion)
		if !send || config.PasswordWO.IsNull() || config.PasswordWO.IsUnknown() {
			if state == nil && into.Type == yeastar.TrunkTypeRegister {
				diags.Append(registerTrunkNeedsPassword())
			}
			return
		}
		password := config.PasswordWO.ValueString()
		if err := yeastar.CheckTrunkPassword(password); err != nil {
			diags.AddError("Invalid password_wo", fmt.Sprintf("password_wo: %v. (The value is not shown.) Nothing was sent to the PBX.", err))
			return
		}
		into.Password = password
	},
}

// namedRoutingIDAttribute is the id of a kind that has a name as its key, not a number.
func namedRoutingIDAttribute(noun, usedAs string) schema.StringAttribute {
	return schema.StringAttribute{
		MarkdownDescription: fmt.Sprintf("The %s's ID on the PBX, a number such as `\"3\"` (not its name). %s", noun, usedAs),
		Computed:            true,
		PlanModifiers:       keepState(),
	}
}

// validRoutingName tells an import ID that is a name from one that is not.
func validRoutingName(s string) bool {
	return s != "" && len(s) <= yeastar.MaxRoutingNameLength
}

// validateTrunkPassword checks password_wo during plan (never showing it), and tells a CLI
// without write-only arguments what it can do.
func validateTrunkPassword(config sipTrunkModel, writeOnlyAllowed bool, diags *diag.Diagnostics) {
	if !writeOnlyAllowed {
		if !config.PasswordWO.IsNull() {
			diags.AddError("Write-only argument needs Terraform 1.11 or later",
				"password_wo is a write-only argument, which this Terraform or OpenTofu CLI does not support (Terraform 1.11 and "+
					"later and OpenTofu 1.11 and later do): an older CLI would store the password in the state. Remove password_wo "+
					"and password_wo_version, and upgrade the CLI to set the trunk's password. A trunk created in the PBX web "+
					"portal and imported stays manageable on this CLI without them.")
		}
		return
	}
	if !config.PasswordWOVersion.IsNull() && config.PasswordWO.IsNull() {
		diags.AddAttributeError(path.Root("password_wo_version"), "Password version without a password",
			"password_wo_version sends password_wo to the PBX when it changes, and password_wo is not set, so there is nothing to "+
				"send. Set password_wo (from a sensitive or ephemeral variable), or remove password_wo_version.")
	}
	if config.PasswordWO.IsNull() || config.PasswordWO.IsUnknown() {
		return
	}
	if err := yeastar.CheckTrunkPassword(config.PasswordWO.ValueString()); err != nil {
		// NOTE: not an attribute error: Terraform would print the attribute's line of the
		// configuration under it, which holds the password when it is written literally.
		diags.AddError("Invalid password_wo", fmt.Sprintf("password_wo: %v. (The value is not shown.) Use the password the "+
			"carrier gave; the PBX takes %d to %d characters.", err, yeastar.MinTrunkPasswordLength, yeastar.MaxTrunkPasswordLength))
	}
}

func registerTrunkNeedsPassword() diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(path.Root("password_wo"), "Register trunk without a password",
		"A new trunk of type \"register\" is created with the password it registers with, which only the write-only argument "+
			"password_wo carries: set it from a sensitive or ephemeral variable. Write-only arguments need Terraform 1.11 or "+
			"later, or OpenTofu 1.11 or later. With an older CLI, create the trunk in the PBX web portal and import it "+
			"(terraform import yeastar_sip_trunk.NAME <name>): an imported trunk stays manageable there. A carrier that sends "+
			"calls by address needs type \"peer\", which has no password.")
}

// plannedTrunkAddresses is the claim kind of a trunk's host and port among the new and
// changed trunks of one plan.
const plannedTrunkAddresses = "trunk address"

// checkTrunkAddressIsFree fails the plan of a trunk whose host and port another trunk uses: one
// of this configuration, or one on the PBX that this configuration does not manage (a managed
// one that keeps them claims them itself; one that moves away is no clash).
func checkTrunkAddressIsFree(ctx context.Context, client *yeastar.Client, plan sipTrunkModel, state *sipTrunkModel, diags *diag.Diagnostics) {
	host, port := plan.Hostname.ValueString(), int(plan.Port.ValueInt64())
	address := fmt.Sprintf("%s:%d", strings.ToLower(host), port)
	name := plan.Name.ValueString()
	if other, free := plannedNewExtensions.claimAs(client, plannedTrunkAddresses, address, name); !free && other != name {
		diags.AddAttributeError(path.Root("hostname"), "Host and port of another trunk",
			fmt.Sprintf("The trunk %q of this configuration also uses host %s port %d, and the PBX refuses a host and port that "+
				"another trunk uses. Give each trunk its own host or port, or remove one of them.", other, host, port))
		return
	}
	if state != nil && plan.Hostname.Equal(state.Hostname) && plan.Port.Equal(state.Port) {
		return // unchanged: claimed above against the configuration's other trunks, and held already on the PBX
	}
	own := 0
	if state != nil {
		own, _ = strconv.Atoi(state.ID.ValueString())
	}
	holder, err := client.TrunkAtAddress(ctx, host, port, own)
	switch {
	case err != nil:
		diags.Append(apiErrorDiagnostic(err))
	case holder == nil, holder.ID == replacedObjectID(ctx):
		// Free, or held by the trunk this one replaces, which is deleted first.
	case managedRouting.of(yeastar.KindTrunk).seenSoon(ctx, client, holder.ID):
		// Managed by this configuration: its own plan claims the address if it keeps it.
	default:
		diags.AddAttributeError(path.Root("hostname"), "Host and port of another trunk",
			fmt.Sprintf("The PBX's %s already uses host %s port %d, and the PBX refuses a host and port that another trunk uses "+
				"(errcode 70103). Use another port, or change or delete that trunk in the PBX web portal first. If it is the trunk this "+
				"resource means, manage it instead of creating another: %s", holder, host, port, importAdvice(sipTrunkResourceType, holder.Name)))
	}
}
