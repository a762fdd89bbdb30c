"""Spreadsheet import and export shared by every list of the portal: cell widgets and the one
validate → preview → write runner."""
