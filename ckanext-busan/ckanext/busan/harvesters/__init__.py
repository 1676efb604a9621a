"""Harvesters of data.go.kr (공공데이터포털): pure mapping, catalog API client and bulk CSV reader."""
