"""The Board's page of thresholds, posted back as shown, saves the same thresholds."""
import re

from django.urls import reverse

from quality.models import Threshold
from quality.selectors import quality_rules

from .helpers import ids


def test_an_amounts_thresholds_posted_back_as_shown_are_the_defaults(client, users, plan):
    pk = ids(plan, "NV5_AMOUNT")["NV5_AMOUNT"]
    client.force_login(users["board"])
    page = client.get(reverse("quality:thresholds")).content.decode()
    form = page[page.index(f'action="{reverse("quality:threshold_edit", args=[pk])}"'):]
    form = form[:form.index("</form>")]
    data = dict(re.findall(r'<input type="(?:text|number)" name="([^"]+)" value="([^"]*)"', form))
    data[f"t{pk}-enabled"] = "on"
    assert data[f"t{pk}-floor"] == "50.000.000"  # as every page writes figures
    before = quality_rules(plan=plan)[pk]
    response = client.post(reverse("quality:threshold_edit", args=[pk]), data)
    assert response.status_code == 302
    row = Threshold.objects.get(indicator_id=pk)
    assert (row.floor, row.previous_factor, row.peer_factor, row.min_peers, row.per_member) == (
        before.floor, before.previous_factor, before.peer_factor, before.min_peers, before.per_member)
