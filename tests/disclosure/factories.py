"""Builders for 依申请公开 tests (and other apps' tests that need requests in the ledger).

`RequestFactory` registers a request through `services.request_register`, exactly as the public
form and the staff registration do, so every rule and side effect (number, deadline, receipt
notice, mail, audit) happens. By default a natural person applies online today (set the test's
clock); `applicant_kind="commercial"` (or any organisation kind) switches the ID type, number and
contact person to an organisation's.
"""

import factory
from django.utils import timezone

from disclosure import services
from disclosure.models import DisclosureRequest
from disclosure.taxonomy import APPLICANT_NATURAL_PERSON

VALID_ID = "11010519491231002X"
VALID_CREDIT_CODE = "91350100M000100Y43"


def _is_person(request) -> bool:
    return request.applicant_kind == APPLICANT_NATURAL_PERSON


class RequestFactory(factory.Factory):
    class Meta:
        model = DisclosureRequest

    channel = "online"
    applicant_kind = APPLICANT_NATURAL_PERSON
    applicant_name = factory.LazyAttribute(lambda o: "张三" if _is_person(o) else "某某有限公司")
    contact_person = factory.LazyAttribute(lambda o: "" if _is_person(o) else "李四")
    id_type = factory.LazyAttribute(lambda o: "resident_id" if _is_person(o) else "credit_code")
    id_number = factory.LazyAttribute(lambda o: VALID_ID if _is_person(o) else VALID_CREDIT_CODE)
    phone = "13800138000"
    email = "zhangsan@example.com"
    address = "北京市西城区某某街道1号院2号楼"
    description = "2025年度本局行政事业性收费项目清单"
    info_form = "electronic"
    delivery = "email"
    received_on = factory.LazyFunction(timezone.localdate)

    @classmethod
    def _create(cls, model_class, *args, **kwargs) -> DisclosureRequest:
        return services.request_register(**kwargs)
