package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/function"

	"github.com/pbx-iac/terraform-provider-yeastar/internal/yeastar"
)

var _ function.Function = &NormalizeMACFunction{}

// NormalizeMACFunction is provider::yeastar::normalize_mac: a MAC address in any notation the
// yeastar_phone resource takes, written as the provider sends it to the PBX. Keying a for_each
// by it makes a change of notation in an inventory no change at all.
type NormalizeMACFunction struct{}

// NewNormalizeMACFunction returns the normalize_mac function.
func NewNormalizeMACFunction() function.Function {
	return &NormalizeMACFunction{}
}

func (f *NormalizeMACFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "normalize_mac"
}

func (f *NormalizeMACFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = function.Definition{
		Summary: "Writes a MAC address as the PBX holds it: upper-case hex pairs separated by colons.",
		MarkdownDescription: "Returns a MAC address written in any notation `yeastar_phone` takes (`80:5E:C0:11:22:33`, " +
			"`80-5e-c0-11-22-33`, `805e.c011.2233` or `805ec0112233`) as the provider sends it to the PBX, " +
			"`80:5E:C0:11:22:33`. Key a `for_each` over an inventory by it, so that writing an address in another notation " +
			"plans no change. Provider-defined functions need Terraform 1.8 or OpenTofu 1.7 or later. OpenTofu " +
			"configures the provider before it calls the function, so the provider's base URL and credentials must be set " +
			"(as they are wherever the provider's resources are used). `tofu console` (OpenTofu 1.12) cannot call " +
			"provider-defined functions (`BUG: Uninitialized function provider`): try the function in an `output` with " +
			"`tofu plan`, or in `terraform console`.",
		Parameters: []function.Parameter{
			function.StringParameter{
				Name:                "mac",
				MarkdownDescription: "The MAC address: 12 hexadecimal digits, optionally separated by colons, dashes or dots.",
			},
		},
		Return: function.StringReturn{},
	}
}

func (f *NormalizeMACFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var mac string
	resp.Error = function.ConcatFuncErrors(resp.Error, req.Arguments.Get(ctx, &mac))
	if resp.Error != nil {
		return
	}
	canonical, err := yeastar.NormalizeMAC(mac)
	if err != nil {
		resp.Error = function.NewArgumentFuncError(0, err.Error())
		return
	}
	resp.Error = function.ConcatFuncErrors(resp.Error, resp.Result.Set(ctx, canonical))
}
