package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/pbx-iac/terraform-provider-yeastar/internal/yeastar"
)

// clientLogSubsystem is the tflog subsystem of the API client's lines, so that
// TF_LOG_PROVIDER_YEASTAR_CLIENT can set their level apart from the provider's.
const clientLogSubsystem = "client"

// tflogAdapter hands the client's log lines to tflog. The client redacts them; the masks added
// by withClientLogging are a second line of defence.
type tflogAdapter struct{}

func (tflogAdapter) Debug(ctx context.Context, msg string, fields map[string]any) {
	tflog.SubsystemDebug(ctx, clientLogSubsystem, msg, fields)
}

func (tflogAdapter) Trace(ctx context.Context, msg string, fields map[string]any) {
	tflog.SubsystemTrace(ctx, clientLogSubsystem, msg, fields)
}

// withClientLogging adds the client's subsystem to a request's context, masking anything
// shaped like a token in its messages and fields.
func withClientLogging(ctx context.Context) context.Context {
	ctx = tflog.NewSubsystem(ctx, clientLogSubsystem, tflog.WithLevelFromEnv("TF_LOG_PROVIDER_YEASTAR", clientLogSubsystem))
	ctx = tflog.SubsystemMaskAllFieldValuesRegexes(ctx, clientLogSubsystem, yeastar.SecretPatterns()...)
	return tflog.SubsystemMaskMessageRegexes(ctx, clientLogSubsystem, yeastar.SecretPatterns()...)
}
