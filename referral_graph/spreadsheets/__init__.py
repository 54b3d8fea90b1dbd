"""Spreadsheets: templates an editor fills in Excel or LibreOffice and imports, the directory
exported in the same shape, and exports that open cleanly (UTF-8 with BOM, formula-safe)."""
