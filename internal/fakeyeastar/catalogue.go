package fakeyeastar

import (
	"crypto/sha256"
	"encoding/base64"
	"strings"
)

// Item is one entry of a compatibility answer.
type Item struct {
	Text  string `json:"text"`
	Value string `json:"value"`
	Type  string `json:"type,omitempty"`
}

// Model is a phone model with its provisioning templates.
type Model struct {
	Name      string
	Value     string
	Type      string
	Templates []Item
}

// Vendor is a phone vendor with its models, in the order the PBX lists them.
type Vendor struct {
	Name   string
	Value  string
	Type   string
	Models []Model
}

func tpl(name, id string) Item { return Item{Text: name, Value: id} }

// DefaultCatalogue is a realistic slice of what a P-Series PBX supports, in an order that is
// not alphabetical (as on a real PBX), so that tests notice a client that reorders. The
// Yealink CP920 entries are exactly those of Yeastar's reference page.
func DefaultCatalogue() []Vendor {
	return []Vendor{
		{Name: "Alcatel-Lucent Enterprise", Value: "Ale", Type: "Deskphone", Models: []Model{
			{Name: "M3", Value: "M3", Type: "Deskphone", Templates: []Item{tpl("YSDP_AleM", "61")}},
			{Name: "M5", Value: "M5", Type: "Deskphone", Templates: []Item{tpl("YSDP_AleM", "61")}},
			{Name: "M7", Value: "M7", Type: "Deskphone", Templates: []Item{tpl("YSDP_AleM", "61")}},
			{Name: "8008G", Value: "8008G", Type: "Deskphone", Templates: []Item{tpl("YSDP_Ale80xx", "62")}},
		}},
		{Name: "Snom", Value: "Snom", Type: "Deskphone", Models: []Model{
			{Name: "D717", Value: "D717", Type: "Deskphone", Templates: []Item{tpl("YSDP_SnomD", "51")}},
			{Name: "D785", Value: "D785", Type: "Deskphone", Templates: []Item{tpl("YSDP_SnomD", "51")}},
			{Name: "M900", Value: "M900", Type: "DECT", Templates: []Item{tpl("YSDP_SnomM", "52")}},
			{Name: "C520-WiMi", Value: "C520-WiMi", Type: "Conferencephone", Templates: []Item{tpl("YSDP_SnomC", "53")}},
		}},
		{Name: "Fanvil", Value: "Fanvil", Type: "Deskphone", Models: []Model{
			{Name: "X3U", Value: "X3U", Type: "Deskphone", Templates: []Item{tpl("YSDP_FanvilX", "31")}},
			{Name: "X4U", Value: "X4U", Type: "Deskphone", Templates: []Item{tpl("YSDP_FanvilX", "31")}},
			{Name: "X6U", Value: "X6U", Type: "Deskphone", Templates: []Item{tpl("YSDP_FanvilX", "31"), tpl("YSDP_FanvilX_Expansion", "32")}},
			{Name: "H5", Value: "H5", Type: "Hotelphone", Templates: []Item{tpl("YSDP_FanvilH", "33")}},
			{Name: "W611W", Value: "W611W", Type: "DECT", Templates: []Item{tpl("YSDP_FanvilW", "34")}},
		}},
		{Name: "Htek", Value: "Htek", Type: "Deskphone", Models: []Model{
			{Name: "UC912G", Value: "UC912G", Type: "Deskphone", Templates: []Item{tpl("YSDP_HtekUC", "71")}},
			{Name: "UC926", Value: "UC926", Type: "Deskphone", Templates: []Item{tpl("YSDP_HtekUC", "71")}},
		}},
		{Name: "Grandstream", Value: "Grandstream", Type: "Deskphone", Models: []Model{
			{Name: "GRP2612", Value: "GRP2612", Type: "Deskphone", Templates: []Item{tpl("YSDP_GrandstreamGRP", "41")}},
			{Name: "GRP2615", Value: "GRP2615", Type: "Deskphone", Templates: []Item{tpl("YSDP_GrandstreamGRP", "41")}},
			{Name: "GXV3350", Value: "GXV3350", Type: "Videophone", Templates: []Item{tpl("YSDP_GrandstreamGXV", "42")}},
			{Name: "DP752", Value: "DP752", Type: "DECT", Templates: []Item{tpl("YSDP_GrandstreamDP", "43")}},
		}},
		{Name: "Yealink", Value: "Yealink", Type: "Deskphone", Models: []Model{
			{Name: "CP920", Value: "CP920", Type: "Conferencephone", Templates: []Item{tpl("YSDP_YealinkCP", "24")}},
			{Name: "CP965", Value: "CP965", Type: "Conferencephone", Templates: []Item{tpl("YSDP_YealinkCP", "24")}},
			{Name: "SIP-T31P", Value: "SIP-T31P", Type: "Deskphone", Templates: []Item{tpl("YSDP_YealinkT3x", "21")}},
			{Name: "SIP-T46U", Value: "SIP-T46U", Type: "Deskphone", Templates: []Item{tpl("YSDP_YealinkT4x_EXP", "27"), tpl("YSDP_YealinkT4x", "22")}},
			{Name: "SIP-T54W", Value: "SIP-T54W", Type: "Deskphone", Templates: []Item{tpl("YSDP_YealinkT5x", "23")}},
			{Name: "SIP-W80DM", Value: "SIP-W80DM", Type: "DECT", Templates: []Item{tpl("YSDP_YealinkW80", "25")}},
			{Name: "W73P", Value: "W73P", Type: "DECT", Templates: []Item{tpl("YSDP_YealinkW7x", "26")}},
			{Name: "VP59", Value: "VP59", Type: "Deskphone", Templates: []Item{tpl("YSDP_YealinkVP", "28")}},
		}},
	}
}

// provisioningCode is the per-model code in a provisioning link. CP920's is the one on
// Yeastar's reference page; the others are derived so that they are stable between runs.
func provisioningCode(vendor, model string) string {
	if vendor == "Yealink" && model == "CP920" {
		return "6gEzigLFhMGntjd8"
	}
	sum := sha256.Sum256([]byte(vendor + "/" + model))
	code := base64.RawURLEncoding.EncodeToString(sum[:])
	code = strings.NewReplacer("-", "x", "_", "y").Replace(code)
	return code[:16]
}
