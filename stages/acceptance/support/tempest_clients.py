"""tempest.lib's compute and network service clients without Keystone (openstack-parts
§3.5). Every compute response they receive is validated against Tempest's JSON schema for
the microversion in use, so a missing, extra or mistyped field fails the call with
InvalidHTTPResponseBody naming it."""
from tempest.lib import auth
from tempest.lib.services.compute import base_compute_client
from tempest.lib.services.compute import flavors_client, interfaces_client, servers_client, versions_client
from tempest.lib.services.network import ports_client


class NoAuthProvider(auth.AuthProvider):
    """Sends the `notused` token of `auth_type: none` clients to fixed endpoints."""

    def __init__(self, endpoints):
        super().__init__(credentials=auth.Credentials())
        self.endpoints = endpoints

    @classmethod
    def check_credentials(cls, credentials):
        return True

    def _get_auth(self):
        return "notused", {"expires_at": "2099-01-01T00:00:00Z"}

    def _fill_credentials(self, auth_data_body):
        pass

    def is_expired(self, auth_data):
        return False

    def base_url(self, filters, auth_data=None):
        return self.endpoints[filters["service"]]

    def _decorate_request(self, filters, method, url, headers=None, body=None, auth_data=None):
        headers = dict(headers or {})
        headers["X-Auth-Token"] = "notused"
        return self.base_url(filters).rstrip("/") + "/" + url.lstrip("/"), headers, body

    def set_alt_auth_data(self, request_part, auth_data):
        pass

    def get_token(self):
        return "notused"


class TempestClients:
    def __init__(self, compute_url, network_url):
        provider = NoAuthProvider({"compute": compute_url, "network": network_url})
        self.servers = servers_client.ServersClient(provider, "compute", "RegionOne")
        self.flavors = flavors_client.FlavorsClient(provider, "compute", "RegionOne")
        self.interfaces = interfaces_client.InterfacesClient(provider, "compute", "RegionOne")
        self.versions = versions_client.VersionsClient(provider, "compute", "RegionOne")
        self.ports = ports_client.PortsClient(provider, "network", "RegionOne")

    @staticmethod
    def use_microversion(version):
        """What Tempest's microversion fixture does: every compute client sends it."""
        base_compute_client.COMPUTE_MICROVERSION = version
