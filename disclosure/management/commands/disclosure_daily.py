"""The daily turn of the statutory clocks; run from cron shortly after midnight.

- 条例第三十一条: online submissions whose automatic confirmation day has come are confirmed
  (received on the submission day when it is a working day, otherwise on the next working day);
- 条例第三十二条: a consultation pauses the reply clock for at most 15 working days, so open
  deadlines are recomputed and a consultation past its period shows the running clock again.
"""

from django.core.management.base import BaseCommand

from disclosure.services import requests_confirm_due, requests_recompute_deadlines


class Command(BaseCommand):
    help = "自动确认已到确认日的在线申请，并重新计算办理中申请的答复期限。"

    def handle(self, *args, **options):
        confirmed = requests_confirm_due()
        recomputed = requests_recompute_deadlines()
        self.stdout.write(f"已自动确认 {confirmed} 件申请，重新计算 {recomputed} 件答复期限。")
