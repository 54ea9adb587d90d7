"""Writes Tests/ComputeAPITests/Support/TempestSchemaTexts.swift: the response schemas that
tempest.lib's compute clients validate against, for each microversion where one of the
views this service serves changes, as JSON texts the Swift tests convert (TempestSchema).

Run with the acceptance venv's Python from the repository root:
    ~/.cache/sriov-acceptance-venv/bin/python stages/acceptance/support/tempest_schema_texts.py
"""
import importlib.metadata
import json
import sys

from tempest.lib.api_schema.response.compute.v2_1 import availability_zone, flavors_extra_specs, images, servers, versions
from tempest.lib.common import api_version_request
from tempest.lib.services.compute import (flavors_client, hypervisor_client, interfaces_client, servers_client,
                                          services_client)

# The microversions whose views differ for the routes served here (ARCHITECTURE.md).
MICROVERSIONS = ["2.1", "2.9", "2.16", "2.19", "2.26", "2.47", "2.49", "2.51", "2.55", "2.58", "2.61", "2.62",
                 "2.63", "2.70", "2.71", "2.73", "2.75", "2.84", "2.96", "2.97", "2.98", "2.99", "2.100", "2.102",
                 "2.104"]
# Per microversion, each client's schemas, in the order the texts are numbered.
PER_VERSION = [
    (servers_client.ServersClient, ["get_server", "list_servers_detail", "list_servers", "show_instance_action",
                                    "list_instance_actions"]),
    (flavors_client.FlavorsClient, ["list_flavors", "list_flavors_details", "create_update_get_flavor_details"]),
    (interfaces_client.InterfacesClient, ["get_create_interfaces", "list_interfaces", "delete_interface"]),
]
# Schemas that no microversion changes, at 2.1. The service always answers a create with
# an admin password, which the client validates against create_server_with_admin_pass.
FIXED = [
    (servers, ["create_server_with_admin_pass", "delete_server"]),
    (versions, ["list_versions", "get_one_version"]),
    (images, ["list_images", "list_images_details", "get_image"]),
    (flavors_extra_specs, ["set_get_flavor_extra_specs", "set_get_flavor_extra_specs_key",
                           "unset_flavor_extra_specs"]),
    (availability_zone, ["list_availability_zone_list", "list_availability_zone_list_detail"]),
]
# The admin APIs of the hosts, each schema at the microversions where its view changes.
SELECTED = [
    (services_client.ServicesClient, "list_services", ["2.1", "2.11", "2.53"]),
    (services_client.ServicesClient, "enable_disable_service", ["2.1"]),
    (services_client.ServicesClient, "disable_log_reason", ["2.1"]),
    (services_client.ServicesClient, "update_forced_down", ["2.11"]),
    (services_client.ServicesClient, "update_service", ["2.53"]),
    (hypervisor_client.HypervisorClient, "list_search_hypervisors", ["2.1", "2.33", "2.53"]),
    (hypervisor_client.HypervisorClient, "list_hypervisors_detail", ["2.1", "2.28", "2.33", "2.53"]),
    (hypervisor_client.HypervisorClient, "get_hypervisor", ["2.1", "2.28", "2.53"]),
    (hypervisor_client.HypervisorClient, "get_hypervisors_servers", ["2.1"]),
]


def module_for(client, version):
    """The schema module the client picks for `version`, as its get_schema does."""
    request = api_version_request.APIVersionRequest(version)
    for info in client.schema_versions_info:
        low = api_version_request.APIVersionRequest(info["min"])
        high = api_version_request.APIVersionRequest(info["max"])
        if (low.is_null() or request >= low) and (high.is_null() or request <= high):
            return info["schema"]
    raise SystemExit(f"{client.__name__} has no schema for {version}")


def main():
    texts, names = {}, {}

    def add(key, schema):
        text = json.dumps(schema, sort_keys=True, separators=(",", ":"))
        names[key] = texts.setdefault(text, f"s{len(texts)}")

    for version in MICROVERSIONS:
        for client, attributes in PER_VERSION:
            module = module_for(client, version)
            for attribute in attributes:
                add(f"{attribute}@{version}", getattr(module, attribute))
    for module, attributes in FIXED:
        for attribute in attributes:
            add(f"{attribute.removesuffix('_with_admin_pass')}@2.1", getattr(module, attribute))
    for client, attribute, versions in SELECTED:
        for version in versions:
            add(f"{attribute}@{version}", getattr(module_for(client, version), attribute))

    out = sys.stdout
    version = importlib.metadata.version("tempest")
    out.write(f"// Generated from tempest {version} (tempest/lib/api_schema/response/compute) by\n")
    out.write("// stages/acceptance/support/tempest_schema_texts.py; regenerate when Tempest changes.\n")
    out.write('// Keys are "<tempest schema name>@<microversion>"; values are the status codes and body schema.\n')
    out.write("enum TempestSchemaTexts {\n    static let byName: [String: String] = [\n")
    def order(key):
        name, version = key.split("@")
        return name, [int(part) for part in version.split(".")]
    for key in sorted(names, key=order):
        out.write(f'        "{key}": {names[key]},\n')
    out.write("    ]\n\n")
    for text, name in sorted(texts.items(), key=lambda item: int(item[1][1:])):
        out.write(f'    static let {name} = #"{text}"#\n')
    out.write("}\n")


if __name__ == "__main__":
    main()
