"""Creates the stage's identities and catalog in a bootstrapped Keystone, in one process
(about 10x faster than one `openstack` command each; keystone-postgres-here.md §2.5):
  project service: sriov-compute (roles service and admin) and neutron (service):
                   Neutron's defaults let only `service` write binding:profile (and
                   Keystone lets it validate tokens), and only `admin` read a network's
                   provider attributes, which the service reads to pick the physnet
                   (Nova reads them with its admin client, the same service user)
  project demo:    alice (member), reader1 (reader)
  project other:   bob (member)
  catalog (RegionOne, public + internal): compute -> COMPUTE_URL (…/v2.1),
                   image -> IMAGE_URL, network -> NETWORK_URL
Passwords are USER-pw (e.g. alice-pw). Idempotent: existing objects are reused.
usage: accounts.py KEYSTONE_V3_URL ADMIN_PASSWORD COMPUTE_URL IMAGE_URL NETWORK_URL"""
import sys

from keystoneauth1 import identity, session

USERS = (("sriov-compute", "service", ("service", "admin")), ("neutron", "service", ("service",)),
         ("alice", "demo", ("member",)), ("reader1", "demo", ("reader",)), ("bob", "other", ("member",)))


def main(keystone, admin_password, compute, image, network):
    s = session.Session(auth=identity.Password(
        auth_url=keystone, username="admin", password=admin_password, project_name="admin",
        user_domain_name="Default", project_domain_name="Default"))
    v3 = keystone.rstrip("/")

    def find_or_create(collection, key, body, query):
        found = s.get(f"{v3}/{collection}", params=query).json()[collection]
        if found:
            return found[0]["id"]
        return s.post(f"{v3}/{collection}", json={key: body}).json()[key]["id"]

    roles = {r["name"]: r["id"] for r in s.get(f"{v3}/roles").json()["roles"]}
    projects = {name: find_or_create("projects", "project", {"name": name, "domain_id": "default"}, {"name": name})
                for name in ("service", "demo", "other")}
    for user, project, granted in USERS:
        uid = find_or_create("users", "user", {"name": user, "domain_id": "default", "password": f"{user}-pw"},
                             {"name": user, "domain_id": "default"})
        for role in granted:
            s.put(f"{v3}/projects/{projects[project]}/users/{uid}/roles/{roles[role]}")
    for kind, name, url in (("compute", "nova", compute), ("image", "glance", image), ("network", "neutron", network)):
        sid = find_or_create("services", "service", {"type": kind, "name": name}, {"type": kind})
        have = {e["interface"] for e in s.get(f"{v3}/endpoints", params={"service_id": sid}).json()["endpoints"]}
        for interface in ("public", "internal"):
            if interface not in have:
                s.post(f"{v3}/endpoints", json={"endpoint": {
                    "service_id": sid, "interface": interface, "url": url, "region_id": "RegionOne"}})


if __name__ == "__main__":
    main(*sys.argv[1:6])
