"""Plan wording comes from the admin: it is escaped wherever it is shown and never evaluated as
a template (crispy-forms renders legends and HTML blocks as templates)."""
import pytest
from django.urls import reverse

from plans.models import Indicator, Target, TaskGroup

SCRIPT = '<img src=x onerror="alert(1)">Tuyên truyền'


@pytest.fixture
def hostile_plan(plan):
    TaskGroup.objects.filter(plan=plan, number=1).update(title=SCRIPT)
    Target.objects.filter(plan=plan, code="CT1").update(text="Chỉ tiêu {{ csrf_token }} {% now 'Y' %} <b>đậm</b>",
                                                        short_name="<i>CT</i> {{ request.user.password }}")
    Indicator.objects.filter(plan=plan, code="CT1_DONE").update(
        label="<script>alert(2)</script> Có tổ chức", help_text="<a href='http://evil.example'>bấm</a> {{ 7|add:1 }}")
    return plan


def _form_page(client, users, open_reports) -> str:
    client.force_login(users["grass_a1"])
    response = client.get(reverse("reporting:report_edit", args=[open_reports["grass_a1"].pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_html_in_a_task_group_title_is_escaped_in_the_forms_legend(client, users, hostile_plan, open_reports):
    page = _form_page(client, users, open_reports)
    assert '<img src=x onerror="alert(1)">' not in page
    assert "<legend>1. &lt;img src=x onerror=&quot;alert(1)&quot;&gt;Tuyên truyền</legend>" in page


def test_template_syntax_in_a_targets_text_is_shown_literally(client, users, hostile_plan, open_reports):
    page = _form_page(client, users, open_reports)
    assert "Chỉ tiêu &#123;&#123; csrf_token &#125;&#125; &#123;&#37; now &#x27;Y&#x27; &#37;&#125;" in page
    assert "&lt;b&gt;đậm&lt;/b&gt;" in page and "<b>đậm</b>" not in page
    assert "&#123;&#123; request.user.password &#125;&#125;" in page  # the legend (the target's short name)
    assert "<i>CT</i>" not in page


def test_an_indicators_label_and_help_text_are_escaped(client, users, hostile_plan, open_reports):
    page = _form_page(client, users, open_reports)
    assert "<script>alert(2)</script>" not in page and "&lt;script&gt;alert(2)&lt;/script&gt; Có tổ chức" in page
    assert "<a href='http://evil.example'>" not in page and "&lt;a href=" in page
    assert "{{ 7|add:1 }}" in page or "&#123;&#123; 7|add:1 &#125;&#125;" in page
    assert ">8<" not in page


@pytest.mark.parametrize("name", ["plans:current", "reporting:report_detail", "reporting:report_print"])
def test_other_pages_escape_the_wording_too(client, users, hostile_plan, open_reports, name):
    client.force_login(users["grass_a1"])
    url = reverse(name) if name == "plans:current" else reverse(name, args=[open_reports["grass_a1"].pk])
    page = client.get(url).content.decode()
    for raw in ('<img src=x onerror="alert(1)">', "<script>alert(2)</script>", "<b>đậm</b>", "<i>CT</i>"):
        assert raw not in page, (name, raw)
