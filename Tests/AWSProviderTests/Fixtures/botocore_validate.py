"""Validates a request body against botocore's model of an AWS API (another implementation's
reading of the service definition than ours).

usage: botocore_validate.py SERVICE OPERATION < body.json
Prints the operation's required members as JSON; exits 1 with botocore's report when the
body does not fit the operation's input shape.
"""
import json
import sys

import botocore.session
from botocore.validate import ParamValidator

service, operation = sys.argv[1], sys.argv[2]
shape = botocore.session.get_session().get_service_model(service).operation_model(operation).input_shape
report = ParamValidator().validate(json.load(sys.stdin), shape)
if report.has_errors():
    print(report.generate_report(), file=sys.stderr)
    sys.exit(1)
print(json.dumps(sorted(shape.required_members)))
