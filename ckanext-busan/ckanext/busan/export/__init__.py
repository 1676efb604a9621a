"""Exports of the catalogue in other systems' formats (data.go.kr's 목록개방현황 CSV)."""
