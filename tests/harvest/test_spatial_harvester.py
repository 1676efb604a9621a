"""An ISO 19139 record through ckanext-spatial's own single-document harvester, adapted by
busan_spatial (ISpatialHarvester.get_package_dict): ISO maintenance frequency, topic category
and responsible organisation become Busan fields, and the extent becomes the dataset's
`spatial` when it lies within Busan."""

from __future__ import annotations

import contextlib
import json

import ckan.model as model
import ckan.plugins.toolkit as tk
import pytest
from ckan.tests import factories
from ckanext.harvest.model import HarvestGatherError

from ckanext.busan.harvesters.spatial_catalog import busan_fields

from .support import run_job, serve_documents, site_context

# Without an XML declaration: ckanext-spatial hands lxml a str, which refuses one.
ISO = """<gmd:MD_Metadata xmlns:gmd="http://www.isotc211.org/2005/gmd" xmlns:gco="http://www.isotc211.org/2005/gco">
  <gmd:fileIdentifier><gco:CharacterString>busan-coast-{n}</gco:CharacterString></gmd:fileIdentifier>
  <gmd:dateStamp><gco:Date>2025-03-01</gco:Date></gmd:dateStamp>
  <gmd:identificationInfo>
    <gmd:MD_DataIdentification>
      <gmd:citation><gmd:CI_Citation>
        <gmd:title><gco:CharacterString>부산 해안선 공간정보 {n}</gco:CharacterString></gmd:title>
        <gmd:date><gmd:CI_Date><gmd:date><gco:Date>2025-03-01</gco:Date></gmd:date>
          <gmd:dateType>
            <gmd:CI_DateTypeCode codeListValue="publication">publication</gmd:CI_DateTypeCode>
          </gmd:dateType>
        </gmd:CI_Date></gmd:date>
      </gmd:CI_Citation></gmd:citation>
      <gmd:abstract><gco:CharacterString>부산 해안선의 위치 정보</gco:CharacterString></gmd:abstract>
      <gmd:pointOfContact><gmd:CI_ResponsibleParty>
        <gmd:organisationName><gco:CharacterString>해양농수산국</gco:CharacterString></gmd:organisationName>
        <gmd:contactInfo><gmd:CI_Contact><gmd:address><gmd:CI_Address><gmd:electronicMailAddress>
          <gco:CharacterString>sea@busan.example.kr</gco:CharacterString>
        </gmd:electronicMailAddress></gmd:CI_Address></gmd:address></gmd:CI_Contact></gmd:contactInfo>
        <gmd:role><gmd:CI_RoleCode codeListValue="pointOfContact">pointOfContact</gmd:CI_RoleCode></gmd:role>
      </gmd:CI_ResponsibleParty></gmd:pointOfContact>
      <gmd:resourceMaintenance><gmd:MD_MaintenanceInformation><gmd:maintenanceAndUpdateFrequency>
        <gmd:MD_MaintenanceFrequencyCode codeListValue="annually">annually</gmd:MD_MaintenanceFrequencyCode>
      </gmd:maintenanceAndUpdateFrequency></gmd:MD_MaintenanceInformation></gmd:resourceMaintenance>
      <gmd:topicCategory><gmd:MD_TopicCategoryCode>oceans</gmd:MD_TopicCategoryCode></gmd:topicCategory>
      <gmd:extent><gmd:EX_Extent><gmd:geographicElement><gmd:EX_GeographicBoundingBox>
        <gmd:westBoundLongitude><gco:Decimal>129.00</gco:Decimal></gmd:westBoundLongitude>
        <gmd:eastBoundLongitude><gco:Decimal>129.20</gco:Decimal></gmd:eastBoundLongitude>
        <gmd:southBoundLatitude><gco:Decimal>35.05</gco:Decimal></gmd:southBoundLatitude>
        <gmd:northBoundLatitude><gco:Decimal>35.20</gco:Decimal></gmd:northBoundLatitude>
      </gmd:EX_GeographicBoundingBox></gmd:geographicElement></gmd:EX_Extent></gmd:extent>
    </gmd:MD_DataIdentification>
  </gmd:identificationInfo>
</gmd:MD_Metadata>
"""


@contextlib.contextmanager
def serve(body: str):
    with serve_documents(lambda path: (body.encode(), "application/xml")) as base:
        yield f"{base}/coast.xml"


@pytest.mark.pure
def test_iso_values_become_busan_fields():
    package = {"title": "해안선", "extras": [{"key": "spatial", "value": '{"type": "Point", "coordinates": [0, 0]}'}]}
    iso = {
        "frequency-of-update": "monthly",
        "topic-category": ["oceans"],
        "metadata-date": "2025-03-01",
        "responsible-organisation": [{"organisation-name": "해양농수산국", "contact-info": {"email": "a@b.kr"}}],
    }
    filled = busan_fields(package, iso, {"dept_phone": "051-888-4000"})
    assert filled["update_cycle"] == "monthly" and filled["next_registration_date"] == "2025-04-01"
    assert filled["category"] == "environment-weather" and filled["dept_name"] == "해양농수산국"
    assert "spatial" not in filled  # (0, 0) is not in Busan: dropped, not refused
    assert all(e["key"] != "spatial" for e in filled["extras"])


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_iso_record_is_harvested_into_the_busan_schema():
    with serve(ISO.replace("{n}", "1")) as url:
        owner = factories.Organization()
        source = tk.get_action("harvest_source_create")(
            site_context(),
            {
                "owner_org": owner["id"],
                "url": url,
                "name": "coast-iso",
                "title": "해안선 ISO",
                "source_type": "single-doc",
                "config": json.dumps({"dept_phone": "051-888-4000", "continue_on_validation_errors": True}),
            },
        )
        job = run_job(source, "single-doc")
    errors = [e.message for o in job.objects for e in o.errors]
    datasets = [
        tk.get_action("package_show")({"ignore_auth": True}, {"id": pkg.id})
        for pkg in model.Session.query(model.Package).filter_by(type="dataset")
    ]
    assert len(datasets) == 1, errors
    dataset = datasets[0]
    assert dataset["title"] == "부산 해안선 공간정보 1"
    assert dataset["update_cycle"] == "annual" and dataset["category"] == "environment-weather"
    assert dataset["dept_name"] == "해양농수산국" and dataset["dept_phone"] == "051-888-4000"
    assert json.loads(dataset["spatial"])["type"] == "Polygon"


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_waf_deletions_are_held_back_by_the_guard():
    listed = {"docs": [1, 2, 3, 4]}

    def respond(path: str):
        if path.endswith(".xml"):
            n = int(path.rsplit("doc", 1)[-1].removesuffix(".xml"))
            return ISO.replace("{n}", str(n)).encode(), "application/xml"
        links = "".join(f'<a href="doc{n}.xml">doc{n}.xml</a><br>' for n in listed["docs"])
        return f"<html><body>{links}</body></html>".encode(), "text/html"

    with serve_documents(respond) as base:
        owner = factories.Organization()
        source = tk.get_action("harvest_source_create")(
            site_context(),
            {
                "owner_org": owner["id"],
                "url": f"{base}/",
                "name": "coast-waf",
                "title": "해안선 WAF",
                "source_type": "busan_waf",
                "config": json.dumps(
                    {"dept_phone": "051-888-4000", "continue_on_validation_errors": True, "withdrawal_guard_share": 0.3}
                ),
            },
        )

        def active() -> int:
            model.Session.expire_all()
            return model.Session.query(model.Package).filter_by(type="dataset", state="active").count()

        run_job(source, "busan_waf")
        assert active() == 4
        listed["docs"] = [1]  # three of four gone: over the guard
        held = run_job(source, "busan_waf")
        assert active() == 4
        assert model.Session.query(HarvestGatherError).filter_by(harvest_job_id=held.id).count() == 1
        listed["docs"] = [1, 2, 3]  # one of four gone: within the guard
        run_job(source, "busan_waf")
        assert active() == 3
