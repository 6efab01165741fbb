"""Forms (the lists' filters above all) rendered in Python, not through widget templates.

crispy-forms (and Django's own widget rendering) renders every <option> of every <select>
through a template include: on the partners list that was more than half of the page's
time. This builds the same Bootstrap 5 markup (label, ``form-select``/``form-control``,
``form-check`` for checkboxes, ``is-invalid`` with the error text) straight from each
widget's own context, so choices, chosen values, ids and attributes are exactly those
Django would render; a widget of an unknown kind is rendered by Django as before.
"""

from html import escape as _escape  # the same as Django's escape, without its lazy wrapper

from django import forms
from django.forms.models import ModelChoiceIterator
from django.forms.utils import flatatt
from django.forms.widgets import Input
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django_filters.fields import ModelChoiceIterator as FilterModelChoiceIterator


def render_fields(form, wrapper="mb-3", label="form-label"):
    """Every field of ``form`` as labelled Bootstrap controls, each in a ``wrapper`` div."""
    parts = [
        format_html('<div class="alert alert-danger small py-1">{}</div>', error)
        for error in form.non_field_errors()
    ]
    for field in form:
        if field.is_hidden:
            parts.append(str(field))
        else:
            parts.append(_field(field, wrapper, label))
    return mark_safe("".join(parts))


def _field(field, wrapper, label_class):
    widget = field.field.widget
    # The ids the control's aria-describedby names (Django's ``<id>_error``, ``<id>_helptext``).
    errors = (
        format_html(
            '<div id="{}_error">{}</div>',
            field.auto_id,
            mark_safe(  # each error escaped by format_html; the joined string is not safe
                "".join(
                    format_html('<div class="invalid-feedback d-block">{}</div>', e)
                    for e in field.errors
                )
            ),
        )
        if field.errors
        else ""
    )
    help_text = (
        format_html(
            '<div id="{}_helptext" class="form-text">{}</div>', field.auto_id, field.help_text
        )
        if field.help_text
        else ""
    )
    if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
        control = _choices(field, widget)
        return format_html(
            '<div id="div_{}" class="{}"><fieldset><legend class="{} fs-6">{}</legend>'
            "{}{}{}</fieldset></div>",
            field.auto_id,
            wrapper,
            label_class,
            field.label,
            control,
            errors,
            help_text,
        )
    if isinstance(widget, forms.CheckboxInput):
        return _checkbox(field, widget, wrapper, errors, help_text)
    if isinstance(widget, forms.Select):
        control = _select(field, widget)
    elif isinstance(widget, Input) and not isinstance(widget, forms.FileInput):
        control = _input(field, widget)
    elif type(widget) is forms.Textarea:
        control = _textarea(field, widget)
    else:  # a widget of another kind: Django renders it
        control = str(field)
    if field.field.show_hidden_initial:
        control += field.as_hidden(only_initial=True)
    required = field.field.required
    return format_html(
        '<div id="div_{}" class="{}"><label for="{}" class="{}{}">{}{}</label>{}{}{}</div>',
        field.auto_id,
        wrapper,
        field.id_for_label,
        label_class,
        " requiredField" if required else "",
        field.label,
        mark_safe('<span class="asteriskField">*</span>') if required else "",
        control,
        errors,
        help_text,
    )


def _checkbox(field, widget, wrapper, errors, help_text):
    """A single checkbox: the box, then its label, in a ``form-check`` (as crispy does)."""
    context = _context(field, widget, "form-check-input")
    return format_html(
        '<div id="div_{}" class="{}"><div class="form-check">'
        '<input type="checkbox" name="{}"{}{}><label for="{}" class="form-check-label">{}</label>'
        "{}{}</div></div>",
        field.auto_id,
        wrapper,
        context["name"],
        format_html(' value="{}"', context["value"]) if context["value"] is not None else "",
        flatatt(context["attrs"]),
        field.id_for_label,
        field.label,
        errors,
        help_text,
    )


def _context(field, widget, base_class):
    """The widget's own template context, with the Bootstrap class added to its attrs."""
    attrs = field.build_widget_attrs({})
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    context = widget.get_context(field.html_name, field.value(), attrs)["widget"]
    classes = context["attrs"].get("class", "").split()
    if base_class and base_class not in classes:
        classes.insert(0, base_class)
    if field.errors:
        classes.append("is-invalid")
    if classes:
        context["attrs"]["class"] = " ".join(classes)
    return context


def _input(field, widget):
    context = _context(field, widget, "form-control")
    value = context["value"]
    return format_html(
        '<input type="{}" name="{}"{}{}>',
        context["type"],
        context["name"],
        format_html(' value="{}"', value) if value is not None else "",
        flatatt(context["attrs"]),
    )


def _textarea(field, widget):
    context = _context(field, widget, "form-control")
    return format_html(
        '<textarea name="{}"{}>\n{}</textarea>',
        context["name"],
        flatatt(context["attrs"]),
        context["value"] or "",
    )


def _select(field, widget):
    if type(widget) in (forms.Select, forms.SelectMultiple):
        return _plain_select(field, widget)
    context = _context(field, widget, "form-select")
    options = []
    for group_name, group, _index in context["optgroups"]:
        rendered = "".join(_option(option) for option in group)
        if group_name is not None:
            rendered = f'<optgroup label="{escape(group_name)}">{rendered}</optgroup>'
        options.append(rendered)
    return format_html(
        '<select name="{}"{}>{}</select>',
        context["name"],
        flatatt(context["attrs"]),
        mark_safe("".join(options)),
    )


def _plain_select(field, widget):
    """A plain <select>: its choices straight from the field, one string each."""
    attrs = _attrs(field, widget, "form-select")
    multiple = widget.allow_multiple_selected
    if multiple:
        attrs["multiple"] = True
    chosen = {str(v) for v in widget.format_value(field.value())}
    has_selected = False

    def option(value, label):
        nonlocal has_selected
        value = "" if value is None else str(value)
        # like Django: a single select marks only the first matching option
        selected = value in chosen and (multiple or not has_selected)
        has_selected = has_selected or selected
        mark = " selected" if selected else ""
        return f'<option value="{_escape(value)}"{mark}>{_escape(str(label))}</option>'

    options = []
    for value, label in _choices_of(widget.choices):
        if isinstance(label, list | tuple):  # an optgroup
            inner = "".join(option(v, lbl) for v, lbl in label)
            options.append(f'<optgroup label="{_escape(str(value))}">{inner}</optgroup>')
        else:
            options.append(option(value, label))
    return mark_safe(
        f'<select name="{_escape(field.html_name)}"{flatatt(attrs)}>{"".join(options)}</select>'
    )


def _choices_of(choices):
    """The choices; those of a model field read in one ordinary query (Django's iterator
    opens a server-side cursor: three round trips to the database instead of one)."""
    if type(choices) not in (ModelChoiceIterator, FilterModelChoiceIterator):
        return choices
    field, result = choices.field, []
    if field.empty_label is not None:
        result.append(("", field.empty_label))
    if getattr(field, "null_label", None) is not None:  # django-filter's «none» choice
        result.append((field.null_value, field.null_label))
    result.extend(
        (field.prepare_value(obj), field.label_from_instance(obj)) for obj in choices.queryset
    )
    return result


def _attrs(field, widget, base_class):
    attrs = widget.build_attrs(widget.attrs, field.build_widget_attrs({}))
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    classes = attrs.get("class", "").split()
    if base_class not in classes:
        classes.insert(0, base_class)
    if field.errors:
        classes.append("is-invalid")
    attrs["class"] = " ".join(classes)
    return attrs


def _option(option):
    return (
        f'<option value="{escape(option["value"])}"{flatatt(option["attrs"])}>'
        f"{escape(option['label'])}</option>"
    )


def _choices(field, widget):
    """Checkboxes or radio buttons, one ``form-check`` each."""
    context = _context(field, widget, None)
    context["attrs"].pop("class", None)
    rendered = []
    for _group_name, group, _index in context["optgroups"]:
        for option in group:
            attrs = {**option["attrs"], "class": "form-check-input"}
            if field.errors:
                attrs["class"] += " is-invalid"
            rendered.append(
                f'<div class="form-check"><input type="{option["type"]}"'
                f' name="{escape(option["name"])}"'
                f' value="{escape(option["value"])}"{flatatt(attrs)}>'
                f'<label for="{escape(attrs.get("id", ""))}" class="form-check-label">'
                f"{escape(option['label'])}</label></div>"
            )
    return mark_safe("".join(rendered))
