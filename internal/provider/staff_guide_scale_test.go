package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pbx-iac/terraform-provider-yeastar/internal/fakeyeastar"
)

// staffRows is a staff list of the people numbered from..to-1 (12xx, as snapshotStaff counts
// them), each with a desk phone, the first two at the reception and the next four in sales.
func staffRows(from, to int) []string {
	var rows []string
	for n := from; n < to; n++ {
		team := ""
		switch i := n - from; {
		case i < 2:
			team = "reception"
		case i < 6:
			team = "sales"
		}
		rows = append(rows, fmt.Sprintf("%d,Person,N%d,person.%d@example.com,,80:5E:C0:13:%02X:00,Yealink,CP920,%s", n, n, n, n%256, team))
	}
	return rows
}

// newStaffGuideWorkspace is a CLI workspace holding the staff guide's configuration and files,
// against a new fake PBX.
func newStaffGuideWorkspace(t *testing.T) (*fakeyeastar.Server, *cliWorkspace) {
	t.Helper()
	fake, env := startCLIPBX(t)
	const guide = "../../examples/guides/staff-to-phones/"
	config, err := os.ReadFile(guide + "main.tf")
	if err != nil {
		t.Fatal(err)
	}
	w := newCLIWorkspace(t, string(config), env...)
	copyDataFiles(t, guide, w.dir)
	return fake, w
}

const staffHeader = "number,first_name,last_name,email,title,mac,vendor,model,team\n"

func staffCSV(rows []string) string { return staffHeader + strings.Join(rows, "\n") + "\n" }

// TestAccCLIStaffListLargerThanTerraformsParallelism applies the staff guide's configuration
// with 36 people, more desk phones than Terraform applies at once (10): each phone names its
// extension through the extension resource, so Terraform adds the extension first and no phone
// waits for an extension that Terraform has not started. Then a week of five leavers whose desk
// phones go to five joiners, and a renumber, in one apply.
func TestAccCLIStaffListLargerThanTerraformsParallelism(t *testing.T) {
	t.Parallel()
	fake, w := newStaffGuideWorkspace(t)

	rows := staffRows(1210, 1246)
	csv := staffCSV(rows)
	writeFile(t, filepath.Join(w.dir, "staff.csv"), csv)
	out := w.mustRun("apply", "-auto-approve", "-input=false")
	if !strings.Contains(out, "75 added, 0 changed, 0 destroyed") {
		t.Errorf("the apply did not add 36 extensions, 36 phones, the reception, the sales queue and the main menu:\n%s", out)
	}
	expectStaffOnPBX(t, "36 people", csv, snapshotStaff(fake))
	if again := w.mustRun("plan", "-input=false", "-detailed-exitcode"); !strings.Contains(again, "No changes") {
		t.Errorf("a second plan is not empty:\n%s", again)
	}

	// Five leavers (1240 to 1244) and their desks given to five joiners (1250 to 1254); 1245
	// moves to 1255 with their desk phone.
	week := append([]string{}, rows[:30]...)
	for i := range 5 {
		n := 1250 + i
		week = append(week, fmt.Sprintf("%d,Joiner,N%d,joiner.%d@example.com,,80:5E:C0:13:%02X:00,Yealink,CP920,", n, n, n, (1240+i)%256))
	}
	week = append(week, strings.Replace(rows[35], "1245,", "1255,", 1))
	csv = staffCSV(week)
	writeFile(t, filepath.Join(w.dir, "staff.csv"), csv)
	before := snapshotStaff(fake)
	w.mustRun("apply", "-auto-approve", "-input=false")
	after := snapshotStaff(fake)
	expectStaffOnPBX(t, "a week of leavers, joiners and a renumber", csv, after)
	for i := range 5 {
		mac := fmt.Sprintf("80:5E:C0:13:%02X:00", (1240+i)%256)
		if before.phones[mac].ID != after.phones[mac].ID {
			t.Errorf("the leaver's desk phone %s was deleted and added again, want it given to the joiner in place", mac)
		}
	}
	if again := w.mustRun("plan", "-input=false", "-detailed-exitcode"); !strings.Contains(again, "No changes") {
		t.Errorf("a second plan is not empty:\n%s", again)
	}
}

// TestAccCLIStaffListNewPersonOnALeaversNumberWithOtherChanges is the one weekly edit that the
// staff guide applies on its own: a new person on a leaver's number in the same apply as
// another change to a team. Terraform then deletes the leaver's extension (create_before_destroy)
// only after the sales queue's update, which waits for the new person's extension, which needs
// the leaver's number: the apply fails saying what to do, and doing it works.
func TestAccCLIStaffListNewPersonOnALeaversNumberWithOtherChanges(t *testing.T) {
	t.Parallel()
	fake, w := newStaffGuideWorkspace(t)
	rows := staffRows(1210, 1218)
	writeFile(t, filepath.Join(w.dir, "staff.csv"), staffCSV(rows))
	w.mustRun("apply", "-auto-approve", "-input=false")

	// 1210 (reception) leaves and a new person gets the number; a joiner joins the sales team.
	newcomer := "1210,Barbara,Liskov,barbara.liskov@example.com,,80:5E:C0:13:BA:00,Yealink,CP920,reception"
	joiner := "1219,Tony,Hoare,tony.hoare@example.com,,80:5E:C0:13:FB:00,Yealink,CP920,sales"
	both := append(append([]string{newcomer}, rows[1:]...), joiner)
	writeFile(t, filepath.Join(w.dir, "staff.csv"), staffCSV(both))
	out, err := w.run("apply", "-auto-approve", "-input=false")
	if err == nil || !strings.Contains(out, "Extension already on the PBX") || !strings.Contains(out, "apply the leaver's removal first") {
		t.Fatalf("the apply did not fail saying to apply the leaver's removal first:\n%s", out)
	}

	// As the message says: the leaver's removal, then the new person.
	writeFile(t, filepath.Join(w.dir, "staff.csv"), staffCSV(append(append([]string{}, rows[1:]...), joiner)))
	w.mustRun("apply", "-auto-approve", "-input=false")
	writeFile(t, filepath.Join(w.dir, "staff.csv"), staffCSV(both))
	w.mustRun("apply", "-auto-approve", "-input=false")
	expectStaffOnPBX(t, "a new person on a leaver's number, in two applies", staffCSV(both), snapshotStaff(fake))
	if again := w.mustRun("plan", "-input=false", "-detailed-exitcode"); !strings.Contains(again, "No changes") {
		t.Errorf("a second plan is not empty:\n%s", again)
	}
}
