package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/gorosync/gorosync/crm/cib"
	"github.com/gorosync/gorosync/crm/status"
)

func newStatus() *cobra.Command {
	var file, outputAs string
	var oneShot, inactive, failcounts bool
	cmd := &cobra.Command{
		Use:   "status [-x FILE] [-1] [-r] [-f] [--output-as=text|xml]",
		Short: "Show the cluster status of a CIB file, like crm_mon -1",
		Long: "Print the cluster status of the CIB in FILE (or $CIB_file) in crm_mon 2.1.5's\n" +
			"one-shot text format, or in its XML format with --output-as=xml.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if file == "" {
				file = os.Getenv("CIB_file")
			}
			if file == "" {
				return fmt.Errorf("no CIB given: use -x FILE (or set CIB_file); a running cluster is not supported yet")
			}
			doc, err := cib.ReadFile(file)
			if err != nil {
				return err
			}
			if err := doc.Validate(); err != nil {
				return fmt.Errorf("%s: %w", file, err)
			}
			var out string
			switch outputAs {
			case "text", "console", "":
				out, err = status.Text(doc, status.Options{Inactive: inactive, Failcounts: failcounts})
			case "xml":
				out, err = status.XML(doc, status.XMLOptions{Request: "crm_mon " + strings.Join(requestArgs(cmd), " ")})
			default:
				return fmt.Errorf("--output-as: unknown format %q (text or xml)", outputAs)
			}
			if err != nil {
				return fmt.Errorf("%s: %w", file, err)
			}
			_, err = cmd.OutOrStdout().Write([]byte(out))
			return err
		},
	}
	cmd.Flags().StringVarP(&file, "xml-file", "x", "", "CIB file to read")
	cmd.Flags().BoolVarP(&oneShot, "one-shot", "1", false, "display the status once and exit (always the case for now)")
	cmd.Flags().BoolVarP(&inactive, "inactive", "r", false, "list inactive resources too")
	cmd.Flags().BoolVarP(&failcounts, "failcounts", "f", false, "show resource fail counts (the Migration Summary)")
	cmd.Flags().StringVar(&outputAs, "output-as", "text", "output format: text or xml")
	return cmd
}

// requestArgs rebuilds the options the way crm_mon echoes its command
// line in the XML "request" attribute (without the CIB file).
func requestArgs(cmd *cobra.Command) []string {
	out := []string{"-1"}
	if f := cmd.Flags().Lookup("inactive"); f != nil && f.Changed {
		out = append(out, "-r")
	}
	if f := cmd.Flags().Lookup("failcounts"); f != nil && f.Changed {
		out = append(out, "-f")
	}
	return append(out, "--output-as=xml")
}
