"""The lists' forms rendered in Python (``{% form_fields %}``): the same controls Django
would render, escaped, with the user's input and errors kept."""

from django import forms
from django.urls import reverse

from kitek_portal.filter_forms import render_fields
from tests import factories


class SampleForm(forms.Form):
    name = forms.CharField(label="Наименование <b>", max_length=5)
    status = forms.ChoiceField(
        label="Статус", choices=[("", "Любой"), ("active", "Действующий"), ("x<y", "Иной & <i>")]
    )
    kinds = forms.MultipleChoiceField(
        label="Виды",
        choices=[("a", "Экзамен"), ("b", "Чемпионат")],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    mentor = forms.BooleanField(label="Наставник", required=False, help_text="Может <вести>")


def _bound(**data):
    form = SampleForm(data={"name": "x", "status": "", **data})
    form.is_valid()
    return form


def test_bad_input_is_kept_escaped_and_its_error_shown_as_a_message():
    html = render_fields(_bound(name='"><script>'))
    assert "<script>" not in html and "<b>" not in html
    assert 'value="&quot;&gt;&lt;script&gt;"' in html
    assert 'class="form-control is-invalid"' in html
    # the message itself, not its markup printed as text
    assert 'aria-describedby="id_name_error"' in html
    assert (
        '<div id="id_name_error"><div class="invalid-feedback d-block">'
        "Убедитесь, что это значение содержит не более 5 символов (сейчас 10).</div></div>"
    ) in html
    assert "&lt;div" not in html


def test_the_chosen_options_are_marked_and_labels_escaped():
    html = render_fields(_bound(status="x<y", kinds=["b"]))
    assert '<option value="x&lt;y" selected>Иной &amp; &lt;i&gt;</option>' in html
    assert '<option value="active">' in html
    assert 'value="b" class="form-check-input" id="id_kinds_1" checked>' in html
    assert 'value="a" class="form-check-input" id="id_kinds_0">' in html


def test_a_single_checkbox_is_a_form_check_box_before_its_label():
    html = render_fields(_bound(mentor="on"))
    box = html[html.index('id="div_id_mentor"') :]
    assert '<div class="form-check"><input type="checkbox" name="mentor"' in box
    assert 'class="form-check-input" id="id_mentor" checked>' in box
    assert "form-control" not in box
    assert '<label for="id_mentor" class="form-check-label">Наставник</label>' in box
    assert 'aria-describedby="id_mentor_helptext"' in box
    assert '<div id="id_mentor_helptext" class="form-text">Может &lt;вести&gt;</div>' in box

    unchecked = render_fields(_bound())
    assert "checked" not in unchecked[unchecked.index('id="div_id_mentor"') :]


def test_the_interaction_forms_error_reads_as_a_message_on_the_partner_page(client_for, teacher):
    partner = factories.PartnerFactory()
    page = (
        client_for(teacher)
        .post(
            reverse("partners:interaction_create", args=[partner.pk]),
            {"date": "2026-11-20", "channel": "phone", "summary": "Звонок", "next_step": "Выслать"},
            HTTP_HX_REQUEST="true",
        )
        .content.decode()
    )
    assert '<div class="invalid-feedback d-block">Укажите срок следующего шага' in page
    assert 'value="Выслать"' in page
    assert "&lt;div" not in page
