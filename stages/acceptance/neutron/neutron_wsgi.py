"""gunicorn entry point for Neutron (openstack-parts §1.2).

neutron.server parses sys.argv with oslo.config, so gunicorn's own arguments are hidden
and the configuration files of NEUTRON_STATE_DIR are passed instead.

The application is wrapped so that Neutron's noauth identity is sriov-compute's (DESIGN §7):
`X-Auth-Token: <user>:<project>` is that user in that project (user `admin` has the admin
role), and any other token, or none, is the admin of project `admin`. Neutron's own noauth
would file every port without an X-Project-Id under `fake_project_id`, while the compute
service files the same caller's servers under `admin`; with Keystone both read one token,
and this wrapper gives the test the same single identity. Behind Keystone (prepare.sh with
KEYSTONE_URL) keystonemiddleware sets the identity and the application is Neutron's own."""
import os
import sys

STATE = os.environ["NEUTRON_STATE_DIR"]
sys.argv = ["neutron-api",
            "--config-file", os.path.join(STATE, "etc", "neutron.conf"),
            "--config-file", os.path.join(STATE, "etc", "ml2_conf.ini")]
from neutron.wsgi.api import application as neutron_application  # noqa: E402
from neutron_lib import context  # noqa: E402


def identity_from_token(token):
    user, _, project = (token or "").partition(":")
    if not user or not project:
        return "admin", "admin"
    return user, project


def noauth_application(environ, start_response):
    """Builds the request context from the token, as `keystonecontext` does from the
    headers keystonemiddleware sets; Neutron's noauth pipeline then keeps it."""
    user, project = identity_from_token(environ.get("HTTP_X_AUTH_TOKEN"))
    environ["HTTP_X_USER_ID"] = user
    environ["HTTP_X_PROJECT_ID"] = project
    environ["HTTP_X_ROLES"] = "admin,member,reader" if user == "admin" else "member,reader"
    environ["neutron.context"] = context.Context.from_environ(environ)
    return neutron_application(environ, start_response)


def behind_keystone():
    with open(os.path.join(STATE, "etc", "neutron.conf")) as conf:
        return any(line.strip() == "auth_strategy = keystone" for line in conf)


application = neutron_application if behind_keystone() else noauth_application
