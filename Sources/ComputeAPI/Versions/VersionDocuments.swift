import JSONModel

/// Nova's version documents (`compute/versions.py`), for the microversion range served here.
enum VersionDocuments {
    private static let describedBy: JSON = [
        "rel": "describedby", "type": "text/html", "href": "http://docs.openstack.org/",
    ]

    /// `GET /`: both API versions with a `self` link each.
    static func versions(links: LinkBuilder) -> JSON {
        [
            "versions": [
                [
                    "id": "v2.0", "status": "SUPPORTED", "version": "", "min_version": "",
                    "updated": "2011-01-21T11:33:21Z",
                    "links": [["rel": "self", "href": .string(links.root + "/v2/")]],
                ],
                [
                    "id": "v2.1", "status": "CURRENT", "version": .string(Microversion.maximum.description),
                    "min_version": .string(Microversion.minimum.description), "updated": "2013-07-23T11:33:21Z",
                    "links": [["rel": "self", "href": .string(links.root + "/v2.1/")]],
                ],
            ],
        ]
    }

    /// `GET /v2.1`: the single v2.1 document, with its media type, which clients read the
    /// microversion range from.
    static func v21(links: LinkBuilder) -> JSON {
        [
            "version": [
                "id": "v2.1", "status": "CURRENT", "version": .string(Microversion.maximum.description),
                "min_version": .string(Microversion.minimum.description), "updated": "2013-07-23T11:33:21Z",
                "links": [["rel": "self", "href": .string(links.root + "/v2.1/")], describedBy],
                "media-types": [
                    ["base": "application/json", "type": "application/vnd.openstack.compute+json;version=2.1"],
                ],
            ],
        ]
    }
}
