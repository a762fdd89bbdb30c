"""What a fresh install holds besides its tables: content types, permissions, groups and notice
templates that post_migrate and the data migrations create.

A transactional test (a live server, real threads) empties every table afterwards, so the next
such test on the same worker would start without them. `restore_install_data()` puts them back by
running the same code the install runs; every function it calls is idempotent.
"""

from importlib import import_module

from django.apps import apps
from django.core.management.sql import emit_post_migrate_signal

# (migration module, functions) in migration order.
INSTALL_DATA = [
    ("cms.migrations.0002_editorial_groups", ["create_groups"]),
    ("cms.migrations.0005_chinese_names_for_wagtail_defaults", ["rename"]),
    ("cms.migrations.0006_emergency_publication", ["create_emergency_group"]),
    ("lists.migrations.0002_editorial_permissions", ["grant"]),
    ("disclosure.migrations.0002_groups_and_notice_templates", ["create_groups", "seed_templates"]),
    ("disclosure.migrations.0004_office_maintains_unit_members", ["grant"]),
    ("disclosure.migrations.0006_letters", ["reset_templates", "office_edits_settings"]),
    ("disclosure.migrations.0007_head_approves_extensions", ["create_head_group"]),
    ("taxpayer.migrations.0002_groups", ["create_groups"]),
]


def restore_install_data() -> None:
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    for module_name, functions in INSTALL_DATA:
        module = import_module(module_name)
        for name in functions:
            getattr(module, name)(apps, None)
