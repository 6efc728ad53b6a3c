// The OpenAPI 3.0.3 document of the HTTP API, served at GET /docs/openapi.json.
// It follows the API contract; OpenAPIDocumentTests and SchemathesisTests check it against the server.

/// The API's OpenAPI document as JSON text.
enum OpenAPIDocument {
    static let json: String = #"""
{
  "openapi": "3.0.3",
  "info": {
    "title": "Jindou HTTP API",
    "version": "0.1.0",
    "description": "The management API of Jindou, a WuKongIM-compatible instant-messaging server. Business backends use it to register users' tokens, manage channels and their member lists, send messages and read history and conversations.\n\nConventions: every POST body is JSON, sent with `Content-Type: application/json` (other or no content types answer 415), and unknown fields are ignored. A list in a request has at most 10000 entries unless its `maxItems` says fewer; a longer one answers 413 naming the field and the limit. Message seqs are 0 to 9223372036854775807 (larger ones answer 400). A successful mutation answers `{\"status\":\"ok\"}`. Every error answers its real HTTP status with `{\"status\":<code>,\"msg\":\"<text>\"}` (`/message/send` refusals add `reason_code`). Every route can answer 400 and 500, body-bearing routes also 413 (body over 4 MiB, or a list over its limit) and 415.\n\nAuthorization: once API tokens are configured (`JINDOU_API_TOKENS=name:role:secret,...`), every route except `/health`, `/health/live`, `/health/ready`, `/docs/openapi.json` and (unless configured) `/metrics` needs a token in the `token` header or as `Authorization: Bearer`. No or an unknown token: 401. A token whose role (admin, service, readonly) does not cover the route: 403 \"No administrative permission\". Admin-only: system uid changes, allow and deny list changes, device quit, connection kick and remove, and `/audit`. Per-token rate limits answer 429 with `Retry-After` (user-management routes share one bucket per token, default 100/s). Privilege changes accept an optional `reason` (body field or `X-Audit-Reason` header) for the audit trail."
  },
  "tags": [
    {
      "name": "Users",
      "description": "Tokens, devices, online status and system users."
    },
    {
      "name": "Channels",
      "description": "Channels, subscribers, denylists and allowlists."
    },
    {
      "name": "Messages",
      "description": "Sending messages and reading history."
    },
    {
      "name": "Conversations",
      "description": "Users' conversations and unread counts."
    },
    {
      "name": "Connections",
      "description": "Client connections and where clients connect."
    },
    {
      "name": "Operations",
      "description": "Health, metrics, server variables and this document."
    }
  ],
  "paths": {
    "/user/token": {
      "post": {
        "operationId": "updateUserToken",
        "tags": [
          "Users"
        ],
        "summary": "Register a device token",
        "description": "Creates the user if needed and stores the token clients of that device flag must present in CONNECT. A master-level (1) token kicks the user's other connections of the same device flag.",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "required": [
                  "uid",
                  "token"
                ],
                "properties": {
                  "uid": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 255,
                    "pattern": "^[^@#&\\x00-\\x1f\\x7f-\\x9f]+$",
                    "description": "The user: 1 to 255 bytes, without `@`, `#`, `&` or control characters; not `____system`.",
                    "example": "user1"
                  },
                  "token": {
                    "type": "string",
                    "description": "The token the device presents in CONNECT.",
                    "example": "token-user1",
                    "minLength": 1
                  },
                  "device_flag": {
                    "type": "integer",
                    "description": "0 app, 1 web, 2 pc.",
                    "example": 0,
                    "enum": [
                      0,
                      1,
                      2
                    ],
                    "default": 0
                  },
                  "device_level": {
                    "type": "integer",
                    "description": "0 slave, 1 master.",
                    "example": 1,
                    "enum": [
                      0,
                      1
                    ],
                    "default": 0
                  }
                }
              },
              "example": {
                "uid": "user1",
                "token": "token-user1",
                "device_flag": 0,
                "device_level": 1
              }
            }
          }
        },
        "responses": {
          "200": {
            "$ref": "#/components/responses/OK"
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          }
        }
      }
    },
    "/user/device_quit": {
      "post": {
        "operationId": "quitUserDevice",
        "tags": [
          "Users"
        ],
        "summary": "Log a device out",
        "description": "Clears the device token(s) of the user and sends DISCONNECT (reason 12) to those devices' connections. Admin only.",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "required": [
                  "uid"
                ],
                "properties": {
                  "uid": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 255,
                    "pattern": "^[^@#&\\x00-\\x1f\\x7f-\\x9f]+$",
                    "description": "User id: 1 to 255 bytes, without `@`, `#`, `&` or control characters.",
                    "example": "user1"
                  },
                  "device_flag": {
                    "type": "integer",
                    "description": "The device to log out: -1 all devices, 0 app, 1 web, 2 pc.",
                    "example": -1,
                    "enum": [
                      -1,
                      0,
                      1,
                      2
                    ],
                    "default": -1
                  },
                  "reason": {
                    "type": "string",
                    "description": "Why the change is made (audit trail)."
                  }
                }
              },
              "example": {
                "uid": "user2",
                "device_flag": -1
              }
            }
          }
        },
        "responses": {
          "200": {
            "$ref": "#/components/responses/OK"
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          }
        },
        "parameters": [
          {
            "name": "X-Audit-Reason",
            "in": "header",
            "required": false,
            "schema": {
              "type": "string"
            },
            "description": "Why the change is made, for the audit trail (the body field `reason` wins).",
            "example": "quarterly access review"
          }
        ]
      }
    },
    "/user/onlinestatus": {
      "post": {
        "operationId": "getUserOnlineStatus",
        "tags": [
          "Users"
        ],
        "summary": "Online status of users",
        "description": "Answers one entry per live connection of the given users; offline users are omitted, and an empty list gives `[]`.",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "array",
                "items": {
                  "type": "string",
                  "minLength": 1,
                  "maxLength": 255,
                  "pattern": "^[^@#&\\x00-\\x1f\\x7f-\\x9f]+$",
                  "description": "A uid."
                },
                "description": "The users to look up (a bare JSON array, at most 1000; 413 beyond).",
                "example": [
                  "user1",
                  "user2"
                ],
                "maxItems": 1000
              },
              "example": [
                "user1",
                "user2"
              ]
            }
          }
        },
        "responses": {
          "200": {
            "description": "Success.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "array",
                  "items": {
                    "$ref": "#/components/schemas/OnlineStatus"
                  }
                },
                "example": [
                  {
                    "uid": "user1",
                    "device_flag": 0,
                    "online": 1
                  }
                ]
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          }
        }
      }
    },
    "/user/systemuids": {
      "get": {
        "operationId": "listSystemUIDs",
        "tags": [
          "Users"
        ],
        "summary": "List system uids",
        "description": "The persisted system uids, sorted (`[]` when there are none; never includes `____system`).",
        "responses": {
          "200": {
            "description": "The uids, or with `detail=1` their details.",
            "content": {
              "application/json": {
                "schema": {
                  "anyOf": [
                    {
                      "type": "array",
                      "items": {
                        "type": "string"
                      }
                    },
                    {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/SystemUserDetail"
                      }
                    }
                  ]
                },
                "example": [
                  "robot1"
                ]
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          }
        },
        "parameters": [
          {
            "name": "detail",
            "in": "query",
            "required": false,
            "schema": {
              "type": "integer",
              "enum": [
                0,
                1
              ]
            },
            "description": "1: each system user with online state, device count and last activity.",
            "example": 0
          }
        ]
      }
    },
    "/user/systemuids_add": {
      "post": {
        "operationId": "addSystemUIDs",
        "tags": [
          "Users"
        ],
        "summary": "Add system uids",
        "description": "Persists the uids as system users. System users bypass the sender checks of channels; the change is effective for every connection before the response. Admin only.",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "required": [
                  "uids"
                ],
                "properties": {
                  "uids": {
                    "type": "array",
                    "items": {
                      "type": "string",
                      "minLength": 1,
                      "maxLength": 255,
                      "pattern": "^[^@#&\\x00-\\x1f\\x7f-\\x9f]+$",
                      "description": "A uid."
                    },
                    "description": "The uids. At most 10000 entries (413 beyond).",
                    "example": [
                      "robot1"
                    ],
                    "minItems": 1,
                    "maxItems": 10000
                  },
                  "reason": {
                    "type": "string",
                    "description": "Why the change is made (audit trail)."
                  }
                }
              },
              "example": {
                "uids": [
                  "robot1"
                ]
              }
            }
          }
        },
        "responses": {
          "200": {
            "$ref": "#/components/responses/OK"
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          }
        },
        "parameters": [
          {
            "name": "X-Audit-Reason",
            "in": "header",
            "required": false,
            "schema": {
              "type": "string"
            },
            "description": "Why the change is made, for the audit trail (the body field `reason` wins).",
            "example": "quarterly access review"
          }
        ]
      }
    },
    "/user/systemuids_remove": {
      "post": {
        "operationId": "removeSystemUIDs",
        "tags": [
          "Users"
        ],
        "summary": "Remove system uids",
        "description": "Removes the uids from the system users. If any is not a system user nothing is removed and the answer is 404 naming them. `____system` cannot be removed (400). Admin only. With `dry_run: true` nothing changes and the answer describes each uid. Protected system users cannot be removed: 403 naming them, nothing removed.",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "required": [
                  "uids"
                ],
                "properties": {
                  "uids": {
                    "type": "array",
                    "items": {
                      "type": "string",
                      "minLength": 1,
                      "maxLength": 255,
                      "pattern": "^[^@#&\\x00-\\x1f\\x7f-\\x9f]+$",
                      "description": "A uid."
                    },
                    "description": "The uids. At most 10000 entries (413 beyond).",
                    "example": [
                      "robot1"
                    ],
                    "minItems": 1,
                    "maxItems": 10000
                  },
                  "reason": {
                    "type": "string",
                    "description": "Why the change is made (audit trail)."
                  },
                  "dry_run": {
                    "type": "boolean",
                    "description": "Change nothing; answer per uid whether it is a system user, is online, when it was last active and whether it is protected."
                  }
                }
              },
              "example": {
                "uids": [
                  "robot1"
                ]
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "Removed (`{\"status\":\"ok\"}`), or the dry-run report.",
            "content": {
              "application/json": {
                "schema": {
                  "oneOf": [
                    {
                      "$ref": "#/components/schemas/OK"
                    },
                    {
                      "$ref": "#/components/schemas/SystemUIDsDryRun"
                    }
                  ]
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          }
        },
        "parameters": [
          {
            "name": "X-Audit-Reason",
            "in": "header",
            "required": false,
            "schema": {
              "type": "string"
            },
            "description": "Why the change is made, for the audit trail (the body field `reason` wins).",
            "example": "quarterly access review"
          }
        ]
      }
    },
    "/user/systemuids_add_to_cache": {
      "post": {
        "operationId": "addSystemUIDsToCache",
        "tags": [
          "Users"
        ],
        "summary": "Add system uids to this node's cache",
        "description": "Node-local and in memory only: not persisted, and a restart reloads the stored list. Admin only.",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "required": [
                  "uids"
                ],
                "properties": {
                  "uids": {
                    "type": "array",
                    "items": {
                      "type": "string",
                      "minLength": 1,
                      "maxLength": 255,
                      "pattern": "^[^@#&\\x00-\\x1f\\x7f-\\x9f]+$",
                      "description": "A uid."
                    },
                    "description": "The uids. At most 10000 entries (413 beyond).",
                    "example": [
                      "robot1"
                    ],
                    "minItems": 1,
                    "maxItems": 10000
                  },
                  "reason": {
                    "type": "string",
                    "description": "Why the change is made (audit trail)."
                  }
                }
              },
              "example": {
                "uids": [
                  "robot1"
                ]
              }
            }
          }
        },
        "responses": {
          "200": {
            "$ref": "#/components/responses/OK"
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          }
        },
        "parameters": [
          {
            "name": "X-Audit-Reason",
            "in": "header",
            "required": false,
            "schema": {
              "type": "string"
            },
            "description": "Why the change is made, for the audit trail (the body field `reason` wins).",
            "example": "quarterly access review"
          }
        ]
      }
    },
    "/user/systemuids_remove_from_cache": {
      "post": {
        "operationId": "removeSystemUIDsFromCache",
        "tags": [
          "Users"
        ],
        "summary": "Remove system uids from this node's cache",
        "description": "Node-local and in memory only. Answers 404 if any uid is not a system user (nothing removed). Admin only. Protected system users cannot be removed (403).",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "required": [
                  "uids"
                ],
                "properties": {
                  "uids": {
                    "type": "array",
                    "items": {
                      "type": "string",
                      "minLength": 1,
                      "maxLength": 255,
                      "pattern": "^[^@#&\\x00-\\x1f\\x7f-\\x9f]+$",
                      "description": "A uid."
                    },
                    "description": "The uids. At most 10000 entries (413 beyond).",
                    "example": [
                      "robot1"
                    ],
                    "minItems": 1,
                    "maxItems": 10000
                  },
                  "reason": {
                    "type": "string",
                    "description": "Why the change is made (audit trail)."
                  }
                }
              },
              "example": {
                "uids": [
                  "robot1"
                ]
              }
            }
          }
        },
        "responses": {
          "200": {
            "$ref": "#/components/responses/OK"
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          }
        },
        "parameters": [
          {
            "name": "X-Audit-Reason",
            "in": "header",
            "required": false,
            "schema": {
              "type": "string"
            },
            "description": "Why the change is made, for the audit trail (the body field `reason` wins).",
            "example": "quarterly access review"
          }
        ]
      }
    },
    "/channel": {
      "post": {
        "operationId": "createOrUpdateChannel",
        "tags": [
          "Channels"
        ],
        "summary": "Create or update a channel",
        "description": "Creates the channel or overwrites all its flags (an omitted flag becomes 0) and adds the subscribers. `reset: 1` replaces the subscriber list. Person channels (type 1) cannot have subscribers (400).",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "required": [
                  "channel_id",
                  "channel_type"
                ],
                "properties": {
                  "channel_id": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 512,
                    "pattern": "^[^@#&\\x00-\\x1f\\x7f-\\x9f]+$",
                    "description": "Channel id: 1 to 512 bytes, without `@`, `#`, `&` or control characters.",
                    "example": "group1"
                  },
                  "channel_type": {
                    "type": "integer",
                    "minimum": 0,
                    "maximum": 255,
                    "description": "Channel type (uint8): 1 person, 2 group, 3 customer service, 4 community, 5 topic, 6 info, 7 data, 8 temp, 9 live, 10 visitors. 0 is refused with 400.",
                    "example": 2
                  },
                  "large": {
                    "type": "integer",
                    "enum": [
                      0,
                      1
                    ],
                    "default": 0,
                    "description": "1: a large group.",
                    "example": 0
                  },
                  "ban": {
                    "type": "integer",
                    "enum": [
                      0,
                      1
                    ],
                    "default": 0,
                    "description": "1: the channel is banned; nobody can send to it (reason 19).",
                    "example": 0
                  },
                  "disband": {
                    "type": "integer",
                    "enum": [
                      0,
                      1
                    ],
                    "default": 0,
                    "description": "1: the channel is disbanded; nobody can send to it (reason 24).",
                    "example": 0
                  },
                  "send_ban": {
                    "type": "integer",
                    "enum": [
                      0,
                      1
                    ],
                    "default": 0,
                    "description": "1: sending is banned (reason 25).",
                    "example": 0
                  },
                  "allow_stranger": {
                    "type": "integer",
                    "enum": [
                      0,
                      1
                    ],
                    "default": 0,
                    "description": "1: users that are not friends may message this person channel.",
                    "example": 0
                  },
                  "system": {
                    "type": "integer",
                    "enum": [
                      0,
                      1
                    ],
                    "default": 0,
                    "description": "1: the channel is a system channel.",
                    "example": 0
                  },
                  "owner": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 255,
                    "pattern": "^[^@#&\\x00-\\x1f\\x7f-\\x9f]+$",
                    "description": "The channel's owner (a uid).",
                    "example": "user1"
                  },
                  "reset": {
                    "type": "integer",
                    "enum": [
                      0,
                      1
                    ],
                    "default": 0,
                    "description": "1: remove every subscriber before adding `subscribers`.",
                    "example": 0
                  },
                  "subscribers": {
                    "type": "array",
                    "items": {
                      "type": "string",
                      "minLength": 1,
                      "maxLength": 255,
                      "pattern": "^[^@#&\\x00-\\x1f\\x7f-\\x9f]+$",
                      "description": "A uid."
                    },
                    "description": "Subscribers to add. At most 10000 entries (413 beyond).",
                    "example": [
                      "user1",
                      "user2"
                    ],
                    "maxItems": 10000
                  },
                  "reason": {
                    "type": "string",
                    "description": "Why the change is made (audit trail)."
                  }
                }
              },
              "example": {
                "channel_id": "group1",
                "channel_type": 2,
                "large": 0,
                "ban": 0,
                "send_ban": 0,
                "allow_stranger": 0,
                "owner": "user1",
                "subscribers": [
                  "user1",
                  "user2"
                ]
              }
            }
          }
        },
        "responses": {
          "200": {
            "$ref": "#/components/responses/OK"
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          }
        },
        "parameters": [
          {
            "name": "X-Audit-Reason",
            "in": "header",
            "required": false,
            "schema": {
              "type": "string"
            },
            "description": "Why the change is made, for the audit trail (the body field `reason` wins).",
            "example": "quarterly access review"
          }
        ]
      }
    },
    "/channel/info": {
      "post": {
        "operationId": "updateChannelInfo",
        "tags": [
          "Channels"
        ],
        "summary": "Update a channel's flags",
        "description": "Creates the channel or overwrites all its flags (an omitted flag becomes 0); subscribers are untouched.",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "required": [
                  "channel_id",
                  "channel_type"
                ],
                "properties": {
                  "channel_id": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 512,
                    "pattern": "^[^@#&\\x00-\\x1f\\x7f-\\x9f]+$",
                    "description": "Channel id: 1 to 512 bytes, without `@`, `#`, `&` or control characters.",
                    "example": "group1"
                  },
                  "channel_type": {
                    "type": "integer",
                    "minimum": 0,
                    "maximum": 255,
                    "description": "Channel type (uint8): 1 person, 2 group, 3 customer service, 4 community, 5 topic, 6 info, 7 data, 8 temp, 9 live, 10 visitors. 0 is refused with 400.",
                    "example": 2
                  },
                  "large": {
                    "type": "integer",
                    "enum": [
                      0,
                      1
                    ],
                    "default": 0,
                    "description": "1: a large group.",
                    "example": 0
                  },
                  "ban": {
                    "type": "integer",
                    "enum": [
                      0,
                      1
                    ],
                    "default": 0,
                    "description": "1: the channel is banned; nobody can send to it (reason 19).",
                    "example": 0
                  },
                  "disband": {
                    "type": "integer",
                    "enum": [
                      0,
                      1
                    ],
                    "default": 0,
                    "description": "1: the channel is disbanded; nobody can send to it (reason 24).",
                    "example": 0
                  },
                  "send_ban": {
                    "type": "integer",
                    "enum": [
                      0,
                      1
                    ],
                    "default": 0,
                    "description": "1: sending is banned (reason 25).",
                    "example": 0
                  },
                  "allow_stranger": {
                    "type": "integer",
                    "enum": [
                      0,
                      1
                    ],
                    "default": 0,
                    "description": "1: users that are not friends may message this person channel.",
                    "example": 0
                  },
                  "system": {
                    "type": "integer",
                    "enum": [
                      0,
                      1
                    ],
                    "default": 0,
                    "description": "1: the channel is a system channel.",
                    "example": 0
                  },
                  "owner": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 255,
                    "pattern": "^[^@#&\\x00-\\x1f\\x7f-\\x9f]+$",
                    "description": "The channel's owner (a uid).",
                    "example": "user1"
                  },
                  "reason": {
                    "type": "string",
                    "description": "Why the change is made (audit trail)."
                  }
                }
              },
              "example": {
                "channel_id": "group1",
                "channel_type": 2,
                "large": 0,
                "ban": 0,
                "disband": 0,
                "send_ban": 0,
                "allow_stranger": 0,
                "system": 0,
                "owner": "user1"
              }
            }
          }
        },
        "responses": {
          "200": {
            "$ref": "#/components/responses/OK"
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          }
        },
        "parameters": [
          {
            "name": "X-Audit-Reason",
            "in": "header",
            "required": false,
            "schema": {
              "type": "string"
            },
            "description": "Why the change is made, for the audit trail (the body field `reason` wins).",
            "example": "quarterly access review"
          }
        ]
      }
    },
    "/channel/delete": {
      "post": {
        "operationId": "deleteChannel",
        "tags": [
          "Channels"
        ],
        "summary": "Delete a channel",
        "description": "Deletes the channel's info, its lists, its messages and the members' conversations of it. Person channels (type 1) cannot be deleted (400).",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "required": [
                  "channel_id",
                  "channel_type"
                ],
                "properties": {
                  "channel_id": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 512,
                    "pattern": "^[^@#&\\x00-\\x1f\\x7f-\\x9f]+$",
                    "description": "Channel id: 1 to 512 bytes, without `@`, `#`, `&` or control characters.",
                    "example": "group1"
                  },
                  "channel_type": {
                    "type": "integer",
                    "minimum": 0,
                    "maximum": 255,
                    "description": "Channel type (uint8): 1 person, 2 group, 3 customer service, 4 community, 5 topic, 6 info, 7 data, 8 temp, 9 live, 10 visitors. 0 is refused with 400.",
                    "example": 2
                  }
                }
              },
              "example": {
                "channel_id": "group1",
                "channel_type": 2
              }
            }
          }
        },
        "responses": {
          "200": {
            "$ref": "#/components/responses/OK"
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          }
        }
      }
    },
    "/channel/subscriber_add": {
      "post": {
        "operationId": "addChannelSubscribers",
        "tags": [
          "Channels"
        ],
        "summary": "Add subscribers",
        "description": "Adds subscribers, creating the channel if needed. `reset: 1` replaces the list. Person channels (type 1) have no subscribers (400); temporary subscribers are not supported (`temp_subscriber: 1` gives 400).",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "required": [
                  "channel_id",
                  "subscribers"
                ],
                "properties": {
                  "channel_id": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 512,
                    "pattern": "^[^@#&\\x00-\\x1f\\x7f-\\x9f]+$",
                    "description": "Channel id: 1 to 512 bytes, without `@`, `#`, `&` or control characters.",
                    "example": "group1"
                  },
                  "channel_type": {
                    "type": "integer",
                    "minimum": 0,
                    "maximum": 255,
                    "description": "Channel type (uint8); 0 or absent means 2 (group). 1 (person) is refused with 400.",
                    "example": 2
                  },
                  "reset": {
                    "type": "integer",
                    "enum": [
                      0,
                      1
                    ],
                    "default": 0,
                    "description": "1: remove every subscriber before adding.",
                    "example": 0
                  },
                  "temp_subscriber": {
                    "type": "integer",
                    "enum": [
                      0,
                      1
                    ],
                    "default": 0,
                    "description": "Not supported: 1 is refused with 400.",
                    "example": 0
                  },
                  "subscribers": {
                    "type": "array",
                    "items": {
                      "type": "string",
                      "minLength": 1,
                      "maxLength": 255,
                      "pattern": "^[^@#&\\x00-\\x1f\\x7f-\\x9f]+$",
                      "description": "A uid."
                    },
                    "description": "The subscribers to add. At most 10000 entries (413 beyond).",
                    "example": [
                      "user3"
                    ],
                    "minItems": 1,
                    "maxItems": 10000
                  }
                }
              },
              "example": {
                "channel_id": "group1",
                "channel_type": 2,
                "reset": 0,
                "subscribers": [
                  "user3"
                ]
              }
            }
          }
        },
        "responses": {
          "200": {
            "$ref": "#/components/responses/OK"
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          }
        }
      }
    },
    "/channel/subscriber_remove": {
      "post": {
        "operationId": "removeChannelSubscribers",
        "tags": [
          "Channels"
        ],
        "summary": "Remove subscribers",
        "description": "Removes subscribers from a channel and deletes their conversations of it.",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "required": [
                  "channel_id",
                  "subscribers"
                ],
                "properties": {
                  "channel_id": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 512,
                    "pattern": "^[^@#&\\x00-\\x1f\\x7f-\\x9f]+$",
                    "description": "Channel id: 1 to 512 bytes, without `@`, `#`, `&` or control characters.",
                    "example": "group1"
                  },
                  "channel_type": {
                    "type": "integer",
                    "minimum": 0,
                    "maximum": 255,
                    "description": "Channel type (uint8); 0 or absent means 2 (group). 1 (person) is refused with 400.",
                    "example": 2
                  },
                  "subscribers": {
                    "type": "array",
                    "items": {
                      "type": "string",
                      "minLength": 1,
                      "maxLength": 255,
                      "pattern": "^[^@#&\\x00-\\x1f\\x7f-\\x9f]+$",
                      "description": "A uid."
                    },
                    "description": "The subscribers to remove. At most 10000 entries (413 beyond).",
                    "example": [
                      "user2"
                    ],
                    "minItems": 1,
                    "maxItems": 10000
                  }
                }
              },
              "example": {
                "channel_id": "group1",
                "channel_type": 2,
                "subscribers": [
                  "user2"
                ]
              }
            }
          }
        },
        "responses": {
          "200": {
            "$ref": "#/components/responses/OK"
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          }
        }
      }
    },
    "/channel/subscriber_remove_all": {
      "post": {
        "operationId": "removeAllChannelSubscribers",
        "tags": [
          "Channels"
        ],
        "summary": "Remove all subscribers",
        "description": "Empties the subscriber list. Not for person channels (400).",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "required": [
                  "channel_id",
                  "channel_type"
                ],
                "properties": {
                  "channel_id": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 512,
                    "pattern": "^[^@#&\\x00-\\x1f\\x7f-\\x9f]+$",
                    "description": "Channel id: 1 to 512 bytes, without `@`, `#`, `&` or control characters.",
                    "example": "group1"
                  },
                  "channel_type": {
                    "type": "integer",
                    "minimum": 0,
                    "maximum": 255,
                    "description": "Channel type (uint8): 1 person, 2 group, 3 customer service, 4 community, 5 topic, 6 info, 7 data, 8 temp, 9 live, 10 visitors. 0 is refused with 400.",
                    "example": 2
                  }
                }
              },
              "example": {
                "channel_id": "group1",
                "channel_type": 2
              }
            }
          }
        },
        "responses": {
          "200": {
            "$ref": "#/components/responses/OK"
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          }
        }
      }
    },
    "/channel/blacklist_add": {
      "post": {
        "operationId": "addBlacklist",
        "tags": [
          "Channels"
        ],
        "summary": "Add to the denylist",
        "description": "Adds uids to the channel's denylist. Members of the denylist cannot send to the channel (reason 4).",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "required": [
                  "channel_id",
                  "channel_type",
                  "uids"
                ],
                "properties": {
                  "channel_id": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 512,
                    "pattern": "^[^@#&\\x00-\\x1f\\x7f-\\x9f]+$",
                    "description": "Channel id: 1 to 512 bytes, without `@`, `#`, `&` or control characters.",
                    "example": "group1"
                  },
                  "channel_type": {
                    "type": "integer",
                    "minimum": 0,
                    "maximum": 255,
                    "description": "Channel type (uint8): 1 person, 2 group, 3 customer service, 4 community, 5 topic, 6 info, 7 data, 8 temp, 9 live, 10 visitors. 0 is refused with 400.",
                    "example": 2
                  },
                  "uids": {
                    "type": "array",
                    "items": {
                      "type": "string",
                      "minLength": 1,
                      "maxLength": 255,
                      "pattern": "^[^@#&\\x00-\\x1f\\x7f-\\x9f]+$",
                      "description": "A uid."
                    },
                    "description": "The uids to add. At most 10000 entries (413 beyond).",
                    "example": [
                      "user3"
                    ],
                    "minItems": 1,
                    "maxItems": 10000
                  },
                  "reason": {
                    "type": "string",
                    "description": "Why the change is made (audit trail)."
                  }
                }
              },
              "example": {
                "channel_id": "group1",
                "channel_type": 2,
                "uids": [
                  "user3"
                ]
              }
            }
          }
        },
        "responses": {
          "200": {
            "$ref": "#/components/responses/OK"
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          }
        },
        "parameters": [
          {
            "name": "X-Audit-Reason",
            "in": "header",
            "required": false,
            "schema": {
              "type": "string"
            },
            "description": "Why the change is made, for the audit trail (the body field `reason` wins).",
            "example": "quarterly access review"
          }
        ]
      }
    },
    "/channel/blacklist_remove": {
      "post": {
        "operationId": "removeBlacklist",
        "tags": [
          "Channels"
        ],
        "summary": "Remove from the denylist",
        "description": "Removes uids from the channel's denylist.",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "required": [
                  "channel_id",
                  "channel_type",
                  "uids"
                ],
                "properties": {
                  "channel_id": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 512,
                    "pattern": "^[^@#&\\x00-\\x1f\\x7f-\\x9f]+$",
                    "description": "Channel id: 1 to 512 bytes, without `@`, `#`, `&` or control characters.",
                    "example": "group1"
                  },
                  "channel_type": {
                    "type": "integer",
                    "minimum": 0,
                    "maximum": 255,
                    "description": "Channel type (uint8): 1 person, 2 group, 3 customer service, 4 community, 5 topic, 6 info, 7 data, 8 temp, 9 live, 10 visitors. 0 is refused with 400.",
                    "example": 2
                  },
                  "uids": {
                    "type": "array",
                    "items": {
                      "type": "string",
                      "minLength": 1,
                      "maxLength": 255,
                      "pattern": "^[^@#&\\x00-\\x1f\\x7f-\\x9f]+$",
                      "description": "A uid."
                    },
                    "description": "The uids to remove. At most 10000 entries (413 beyond).",
                    "example": [
                      "user3"
                    ],
                    "minItems": 1,
                    "maxItems": 10000
                  },
                  "reason": {
                    "type": "string",
                    "description": "Why the change is made (audit trail)."
                  }
                }
              },
              "example": {
                "channel_id": "group1",
                "channel_type": 2,
                "uids": [
                  "user3"
                ]
              }
            }
          }
        },
        "responses": {
          "200": {
            "$ref": "#/components/responses/OK"
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          }
        },
        "parameters": [
          {
            "name": "X-Audit-Reason",
            "in": "header",
            "required": false,
            "schema": {
              "type": "string"
            },
            "description": "Why the change is made, for the audit trail (the body field `reason` wins).",
            "example": "quarterly access review"
          }
        ]
      }
    },
    "/channel/blacklist_set": {
      "post": {
        "operationId": "setBlacklist",
        "tags": [
          "Channels"
        ],
        "summary": "Replace the denylist",
        "description": "Replaces the channel's denylist; empty or absent `uids` clears it.",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "required": [
                  "channel_id",
                  "channel_type"
                ],
                "properties": {
                  "channel_id": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 512,
                    "pattern": "^[^@#&\\x00-\\x1f\\x7f-\\x9f]+$",
                    "description": "Channel id: 1 to 512 bytes, without `@`, `#`, `&` or control characters.",
                    "example": "group1"
                  },
                  "channel_type": {
                    "type": "integer",
                    "minimum": 0,
                    "maximum": 255,
                    "description": "Channel type (uint8): 1 person, 2 group, 3 customer service, 4 community, 5 topic, 6 info, 7 data, 8 temp, 9 live, 10 visitors. 0 is refused with 400.",
                    "example": 2
                  },
                  "uids": {
                    "type": "array",
                    "items": {
                      "type": "string",
                      "minLength": 1,
                      "maxLength": 255,
                      "pattern": "^[^@#&\\x00-\\x1f\\x7f-\\x9f]+$",
                      "description": "A uid."
                    },
                    "description": "The new list. At most 10000 entries (413 beyond).",
                    "example": [
                      "user3"
                    ],
                    "maxItems": 10000
                  },
                  "reason": {
                    "type": "string",
                    "description": "Why the change is made (audit trail)."
                  }
                }
              },
              "example": {
                "channel_id": "group1",
                "channel_type": 2,
                "uids": [
                  "user3"
                ]
              }
            }
          }
        },
        "responses": {
          "200": {
            "$ref": "#/components/responses/OK"
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          }
        },
        "parameters": [
          {
            "name": "X-Audit-Reason",
            "in": "header",
            "required": false,
            "schema": {
              "type": "string"
            },
            "description": "Why the change is made, for the audit trail (the body field `reason` wins).",
            "example": "quarterly access review"
          }
        ]
      }
    },
    "/channel/blacklist_remove_all": {
      "post": {
        "operationId": "removeAllBlacklist",
        "tags": [
          "Channels"
        ],
        "summary": "Clear the denylist",
        "description": "Removes every uid from the channel's denylist.",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "required": [
                  "channel_id",
                  "channel_type"
                ],
                "properties": {
                  "channel_id": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 512,
                    "pattern": "^[^@#&\\x00-\\x1f\\x7f-\\x9f]+$",
                    "description": "Channel id: 1 to 512 bytes, without `@`, `#`, `&` or control characters.",
                    "example": "group1"
                  },
                  "channel_type": {
                    "type": "integer",
                    "minimum": 0,
                    "maximum": 255,
                    "description": "Channel type (uint8): 1 person, 2 group, 3 customer service, 4 community, 5 topic, 6 info, 7 data, 8 temp, 9 live, 10 visitors. 0 is refused with 400.",
                    "example": 2
                  },
                  "reason": {
                    "type": "string",
                    "description": "Why the change is made (audit trail)."
                  }
                }
              },
              "example": {
                "channel_id": "group1",
                "channel_type": 2
              }
            }
          }
        },
        "responses": {
          "200": {
            "$ref": "#/components/responses/OK"
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          }
        },
        "parameters": [
          {
            "name": "X-Audit-Reason",
            "in": "header",
            "required": false,
            "schema": {
              "type": "string"
            },
            "description": "Why the change is made, for the audit trail (the body field `reason` wins).",
            "example": "quarterly access review"
          }
        ]
      }
    },
    "/channel/whitelist_add": {
      "post": {
        "operationId": "addWhitelist",
        "tags": [
          "Channels"
        ],
        "summary": "Add to the allowlist",
        "description": "Adds uids to the channel's allowlist. A channel with a non-empty allowlist accepts messages only from its members (reason 13).",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "required": [
                  "channel_id",
                  "channel_type",
                  "uids"
                ],
                "properties": {
                  "channel_id": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 512,
                    "pattern": "^[^@#&\\x00-\\x1f\\x7f-\\x9f]+$",
                    "description": "Channel id: 1 to 512 bytes, without `@`, `#`, `&` or control characters.",
                    "example": "group1"
                  },
                  "channel_type": {
                    "type": "integer",
                    "minimum": 0,
                    "maximum": 255,
                    "description": "Channel type (uint8): 1 person, 2 group, 3 customer service, 4 community, 5 topic, 6 info, 7 data, 8 temp, 9 live, 10 visitors. 0 is refused with 400.",
                    "example": 2
                  },
                  "uids": {
                    "type": "array",
                    "items": {
                      "type": "string",
                      "minLength": 1,
                      "maxLength": 255,
                      "pattern": "^[^@#&\\x00-\\x1f\\x7f-\\x9f]+$",
                      "description": "A uid."
                    },
                    "description": "The uids to add. At most 10000 entries (413 beyond).",
                    "example": [
                      "user1",
                      "user2"
                    ],
                    "minItems": 1,
                    "maxItems": 10000
                  },
                  "reason": {
                    "type": "string",
                    "description": "Why the change is made (audit trail)."
                  }
                }
              },
              "example": {
                "channel_id": "group1",
                "channel_type": 2,
                "uids": [
                  "user1",
                  "user2"
                ]
              }
            }
          }
        },
        "responses": {
          "200": {
            "$ref": "#/components/responses/OK"
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          }
        },
        "parameters": [
          {
            "name": "X-Audit-Reason",
            "in": "header",
            "required": false,
            "schema": {
              "type": "string"
            },
            "description": "Why the change is made, for the audit trail (the body field `reason` wins).",
            "example": "quarterly access review"
          }
        ]
      }
    },
    "/channel/whitelist_remove": {
      "post": {
        "operationId": "removeWhitelist",
        "tags": [
          "Channels"
        ],
        "summary": "Remove from the allowlist",
        "description": "Removes uids from the channel's allowlist.",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "required": [
                  "channel_id",
                  "channel_type",
                  "uids"
                ],
                "properties": {
                  "channel_id": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 512,
                    "pattern": "^[^@#&\\x00-\\x1f\\x7f-\\x9f]+$",
                    "description": "Channel id: 1 to 512 bytes, without `@`, `#`, `&` or control characters.",
                    "example": "group1"
                  },
                  "channel_type": {
                    "type": "integer",
                    "minimum": 0,
                    "maximum": 255,
                    "description": "Channel type (uint8): 1 person, 2 group, 3 customer service, 4 community, 5 topic, 6 info, 7 data, 8 temp, 9 live, 10 visitors. 0 is refused with 400.",
                    "example": 2
                  },
                  "uids": {
                    "type": "array",
                    "items": {
                      "type": "string",
                      "minLength": 1,
                      "maxLength": 255,
                      "pattern": "^[^@#&\\x00-\\x1f\\x7f-\\x9f]+$",
                      "description": "A uid."
                    },
                    "description": "The uids to remove. At most 10000 entries (413 beyond).",
                    "example": [
                      "user1",
                      "user2"
                    ],
                    "minItems": 1,
                    "maxItems": 10000
                  },
                  "reason": {
                    "type": "string",
                    "description": "Why the change is made (audit trail)."
                  }
                }
              },
              "example": {
                "channel_id": "group1",
                "channel_type": 2,
                "uids": [
                  "user1",
                  "user2"
                ]
              }
            }
          }
        },
        "responses": {
          "200": {
            "$ref": "#/components/responses/OK"
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          }
        },
        "parameters": [
          {
            "name": "X-Audit-Reason",
            "in": "header",
            "required": false,
            "schema": {
              "type": "string"
            },
            "description": "Why the change is made, for the audit trail (the body field `reason` wins).",
            "example": "quarterly access review"
          }
        ]
      }
    },
    "/channel/whitelist_set": {
      "post": {
        "operationId": "setWhitelist",
        "tags": [
          "Channels"
        ],
        "summary": "Replace the allowlist",
        "description": "Replaces the channel's allowlist; empty or absent `uids` clears it.",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "required": [
                  "channel_id",
                  "channel_type"
                ],
                "properties": {
                  "channel_id": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 512,
                    "pattern": "^[^@#&\\x00-\\x1f\\x7f-\\x9f]+$",
                    "description": "Channel id: 1 to 512 bytes, without `@`, `#`, `&` or control characters.",
                    "example": "group1"
                  },
                  "channel_type": {
                    "type": "integer",
                    "minimum": 0,
                    "maximum": 255,
                    "description": "Channel type (uint8): 1 person, 2 group, 3 customer service, 4 community, 5 topic, 6 info, 7 data, 8 temp, 9 live, 10 visitors. 0 is refused with 400.",
                    "example": 2
                  },
                  "uids": {
                    "type": "array",
                    "items": {
                      "type": "string",
                      "minLength": 1,
                      "maxLength": 255,
                      "pattern": "^[^@#&\\x00-\\x1f\\x7f-\\x9f]+$",
                      "description": "A uid."
                    },
                    "description": "The new list. At most 10000 entries (413 beyond).",
                    "example": [
                      "user1",
                      "user2"
                    ],
                    "maxItems": 10000
                  },
                  "reason": {
                    "type": "string",
                    "description": "Why the change is made (audit trail)."
                  }
                }
              },
              "example": {
                "channel_id": "group1",
                "channel_type": 2,
                "uids": [
                  "user1",
                  "user2"
                ]
              }
            }
          }
        },
        "responses": {
          "200": {
            "$ref": "#/components/responses/OK"
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          }
        },
        "parameters": [
          {
            "name": "X-Audit-Reason",
            "in": "header",
            "required": false,
            "schema": {
              "type": "string"
            },
            "description": "Why the change is made, for the audit trail (the body field `reason` wins).",
            "example": "quarterly access review"
          }
        ]
      }
    },
    "/channel/whitelist_remove_all": {
      "post": {
        "operationId": "removeAllWhitelist",
        "tags": [
          "Channels"
        ],
        "summary": "Clear the allowlist",
        "description": "Removes every uid from the channel's allowlist.",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "required": [
                  "channel_id",
                  "channel_type"
                ],
                "properties": {
                  "channel_id": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 512,
                    "pattern": "^[^@#&\\x00-\\x1f\\x7f-\\x9f]+$",
                    "description": "Channel id: 1 to 512 bytes, without `@`, `#`, `&` or control characters.",
                    "example": "group1"
                  },
                  "channel_type": {
                    "type": "integer",
                    "minimum": 0,
                    "maximum": 255,
                    "description": "Channel type (uint8): 1 person, 2 group, 3 customer service, 4 community, 5 topic, 6 info, 7 data, 8 temp, 9 live, 10 visitors. 0 is refused with 400.",
                    "example": 2
                  },
                  "reason": {
                    "type": "string",
                    "description": "Why the change is made (audit trail)."
                  }
                }
              },
              "example": {
                "channel_id": "group1",
                "channel_type": 2
              }
            }
          }
        },
        "responses": {
          "200": {
            "$ref": "#/components/responses/OK"
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          }
        },
        "parameters": [
          {
            "name": "X-Audit-Reason",
            "in": "header",
            "required": false,
            "schema": {
              "type": "string"
            },
            "description": "Why the change is made, for the audit trail (the body field `reason` wins).",
            "example": "quarterly access review"
          }
        ]
      }
    },
    "/channel/whitelist": {
      "get": {
        "operationId": "getWhitelist",
        "tags": [
          "Channels"
        ],
        "summary": "The allowlist",
        "description": "The allowlist of a channel: uids, sorted.",
        "parameters": [
          {
            "name": "channel_id",
            "in": "query",
            "required": true,
            "schema": {
              "type": "string",
              "minLength": 1,
              "maxLength": 512,
              "pattern": "^[^@#&\\x00-\\x1f\\x7f-\\x9f]+$",
              "description": "Channel id: 1 to 512 bytes, without `@`, `#`, `&` or control characters."
            },
            "description": "The channel.",
            "example": "group1"
          },
          {
            "name": "channel_type",
            "in": "query",
            "required": true,
            "schema": {
              "type": "integer",
              "minimum": 0,
              "maximum": 255,
              "description": "Channel type (uint8): 1 person, 2 group, 3 customer service, 4 community, 5 topic, 6 info, 7 data, 8 temp, 9 live, 10 visitors. 0 is refused with 400."
            },
            "description": "The channel type.",
            "example": 2
          }
        ],
        "responses": {
          "200": {
            "description": "Success.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "array",
                  "items": {
                    "type": "string"
                  }
                },
                "example": [
                  "user1",
                  "user2"
                ]
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          }
        }
      }
    },
    "/channel/blacklist": {
      "get": {
        "operationId": "getBlacklist",
        "tags": [
          "Channels"
        ],
        "summary": "The denylist",
        "description": "The denylist of a channel: uids, sorted.",
        "parameters": [
          {
            "name": "channel_id",
            "in": "query",
            "required": true,
            "schema": {
              "type": "string",
              "minLength": 1,
              "maxLength": 512,
              "pattern": "^[^@#&\\x00-\\x1f\\x7f-\\x9f]+$",
              "description": "Channel id: 1 to 512 bytes, without `@`, `#`, `&` or control characters."
            },
            "description": "The channel.",
            "example": "group1"
          },
          {
            "name": "channel_type",
            "in": "query",
            "required": true,
            "schema": {
              "type": "integer",
              "minimum": 0,
              "maximum": 255,
              "description": "Channel type (uint8): 1 person, 2 group, 3 customer service, 4 community, 5 topic, 6 info, 7 data, 8 temp, 9 live, 10 visitors. 0 is refused with 400."
            },
            "description": "The channel type.",
            "example": 2
          }
        ],
        "responses": {
          "200": {
            "description": "Success.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "array",
                  "items": {
                    "type": "string"
                  }
                },
                "example": [
                  "user3"
                ]
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          }
        }
      }
    },
    "/channel/subscribers": {
      "get": {
        "operationId": "getSubscribers",
        "tags": [
          "Channels"
        ],
        "summary": "The subscribers",
        "description": "The subscribers of a channel: uids, sorted.",
        "parameters": [
          {
            "name": "channel_id",
            "in": "query",
            "required": true,
            "schema": {
              "type": "string",
              "minLength": 1,
              "maxLength": 512,
              "pattern": "^[^@#&\\x00-\\x1f\\x7f-\\x9f]+$",
              "description": "Channel id: 1 to 512 bytes, without `@`, `#`, `&` or control characters."
            },
            "description": "The channel.",
            "example": "group1"
          },
          {
            "name": "channel_type",
            "in": "query",
            "required": true,
            "schema": {
              "type": "integer",
              "minimum": 0,
              "maximum": 255,
              "description": "Channel type (uint8): 1 person, 2 group, 3 customer service, 4 community, 5 topic, 6 info, 7 data, 8 temp, 9 live, 10 visitors. 0 is refused with 400."
            },
            "description": "The channel type.",
            "example": 2
          }
        ],
        "responses": {
          "200": {
            "description": "Success.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "array",
                  "items": {
                    "type": "string"
                  }
                },
                "example": [
                  "user1",
                  "user2"
                ]
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          }
        }
      }
    },
    "/message/send": {
      "post": {
        "operationId": "sendMessage",
        "tags": [
          "Messages"
        ],
        "summary": "Send a message to a channel",
        "description": "Stores the message (unless `no_persist`) and delivers it to the channel's online members before answering. Sending again with the same `client_msg_no` and payload answers the original message (idempotent); the same key with a different payload is a 409. Refusals carry `reason_code`.",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "required": [
                  "channel_id",
                  "channel_type",
                  "payload"
                ],
                "properties": {
                  "header": {
                    "$ref": "#/components/schemas/MessageHeader"
                  },
                  "client_msg_no": {
                    "type": "string",
                    "description": "Idempotency key, at most 512 bytes; a random one is generated when empty.",
                    "example": "msg-0001",
                    "maxLength": 512
                  },
                  "from_uid": {
                    "type": "string",
                    "minLength": 0,
                    "maxLength": 255,
                    "pattern": "^[^@#&\\x00-\\x1f\\x7f-\\x9f]*$",
                    "description": "The sender (at most 255 bytes, without `@`, `#`, `&` or control characters); empty or absent sends as the system user `____system`.",
                    "example": "user1"
                  },
                  "channel_id": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 512,
                    "pattern": "^[^@#&\\x00-\\x1f\\x7f-\\x9f]+$",
                    "description": "Channel id: 1 to 512 bytes, without `@`, `#`, `&` or control characters.",
                    "example": "group1"
                  },
                  "channel_type": {
                    "type": "integer",
                    "minimum": 0,
                    "maximum": 255,
                    "description": "Channel type (uint8): 1 person, 2 group, 3 customer service, 4 community, 5 topic, 6 info, 7 data, 8 temp, 9 live, 10 visitors. 0 is refused with 400.",
                    "example": 2
                  },
                  "expire": {
                    "type": "integer",
                    "description": "Seconds after which the message expires (0 = never).",
                    "example": 0,
                    "minimum": 0,
                    "maximum": 4294967295
                  },
                  "payload": {
                    "type": "string",
                    "description": "The message content, base64 (at most 512 KiB decoded).",
                    "example": "eyJ0eXBlIjoxLCJjb250ZW50IjoiaGVsbG8ifQ==",
                    "format": "byte",
                    "minLength": 1
                  },
                  "subscribers": {
                    "type": "array",
                    "items": {
                      "type": "string",
                      "minLength": 1,
                      "maxLength": 255,
                      "pattern": "^[^@#&\\x00-\\x1f\\x7f-\\x9f]+$",
                      "description": "A uid."
                    },
                    "description": "Not supported: must be absent or empty.",
                    "example": [],
                    "maxItems": 0
                  }
                }
              },
              "example": {
                "header": {
                  "no_persist": 0,
                  "red_dot": 1,
                  "sync_once": 0
                },
                "client_msg_no": "msg-0001",
                "from_uid": "user1",
                "channel_id": "group1",
                "channel_type": 2,
                "expire": 0,
                "payload": "eyJ0eXBlIjoxLCJjb250ZW50IjoiaGVsbG8ifQ=="
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "Success.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "message_id",
                    "message_seq",
                    "client_msg_no",
                    "data"
                  ],
                  "properties": {
                    "message_id": {
                      "type": "integer",
                      "format": "int64",
                      "description": "The new message's id.",
                      "example": 1839276400254976
                    },
                    "message_seq": {
                      "type": "integer",
                      "format": "int64",
                      "description": "Its seq in the channel (0 for `no_persist` messages).",
                      "minimum": 0,
                      "example": 1
                    },
                    "client_msg_no": {
                      "type": "string",
                      "description": "The idempotency key (generated when the request had none).",
                      "example": "msg-0001"
                    },
                    "data": {
                      "type": "object",
                      "description": "The same fields, where WuKongIM v2 backends read them.",
                      "required": [
                        "message_id",
                        "message_seq",
                        "client_msg_no"
                      ],
                      "properties": {
                        "message_id": {
                          "type": "integer",
                          "format": "int64",
                          "description": "Same as the top-level field.",
                          "example": 1839276400254976
                        },
                        "message_seq": {
                          "type": "integer",
                          "format": "int64",
                          "description": "Same as the top-level field.",
                          "minimum": 0,
                          "example": 1
                        },
                        "client_msg_no": {
                          "type": "string",
                          "description": "Same as the top-level field.",
                          "example": "msg-0001"
                        }
                      }
                    }
                  }
                },
                "example": {
                  "message_id": 1839276400254976,
                  "message_seq": 1,
                  "client_msg_no": "msg-0001",
                  "data": {
                    "message_id": 1839276400254976,
                    "message_seq": 1,
                    "client_msg_no": "msg-0001"
                  }
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/SendForbidden"
          },
          "404": {
            "$ref": "#/components/responses/SendNotFound"
          },
          "409": {
            "$ref": "#/components/responses/SendConflict"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "429": {
            "$ref": "#/components/responses/SendRateLimited"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          }
        }
      }
    },
    "/message/sendbatch": {
      "post": {
        "operationId": "sendBatchMessages",
        "tags": [
          "Messages"
        ],
        "summary": "Send a person message to many users",
        "description": "Sends one person message from `from_uid` to each subscriber. Refused recipients are listed with their reason codes.",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "required": [
                  "from_uid",
                  "subscribers",
                  "payload"
                ],
                "properties": {
                  "header": {
                    "$ref": "#/components/schemas/MessageHeader"
                  },
                  "from_uid": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 255,
                    "pattern": "^[^@#&\\x00-\\x1f\\x7f-\\x9f]+$",
                    "description": "The sender.",
                    "example": "user1"
                  },
                  "subscribers": {
                    "type": "array",
                    "items": {
                      "type": "string",
                      "minLength": 1,
                      "maxLength": 255,
                      "pattern": "^[^@#&\\x00-\\x1f\\x7f-\\x9f]+$",
                      "description": "A uid."
                    },
                    "description": "The recipients. At most 10000 entries (413 beyond).",
                    "example": [
                      "user2"
                    ],
                    "minItems": 1,
                    "maxItems": 10000
                  },
                  "payload": {
                    "type": "string",
                    "description": "The message content, base64.",
                    "example": "eyJ0eXBlIjoxLCJjb250ZW50IjoiaGVsbG8ifQ==",
                    "format": "byte",
                    "minLength": 1
                  }
                }
              },
              "example": {
                "header": {
                  "no_persist": 0,
                  "red_dot": 1,
                  "sync_once": 0
                },
                "from_uid": "user1",
                "subscribers": [
                  "user2"
                ],
                "payload": "eyJ0eXBlIjoxLCJjb250ZW50IjoiaGVsbG8ifQ=="
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "Success.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "fail_uids",
                    "reason"
                  ],
                  "properties": {
                    "fail_uids": {
                      "type": "array",
                      "items": {
                        "type": "string"
                      },
                      "description": "Recipients whose message was refused."
                    },
                    "reason": {
                      "type": "array",
                      "items": {
                        "type": "integer",
                        "minimum": 0,
                        "maximum": 255
                      },
                      "description": "The reason code for each entry of `fail_uids`, in the same order."
                    }
                  }
                },
                "example": {
                  "fail_uids": [],
                  "reason": []
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          }
        }
      }
    },
    "/messages": {
      "post": {
        "operationId": "searchMessages",
        "tags": [
          "Messages"
        ],
        "summary": "Look up messages",
        "description": "Returns the channel's messages with the given seqs, ids or client_msg_nos. For person channels (type 1) `channel_id` is the peer's uid and `login_uid` is required.",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "required": [
                  "channel_id",
                  "channel_type"
                ],
                "properties": {
                  "login_uid": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 255,
                    "pattern": "^[^@#&\\x00-\\x1f\\x7f-\\x9f]+$",
                    "description": "The reading user (required for person channels).",
                    "example": "user1"
                  },
                  "channel_id": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 512,
                    "pattern": "^[^@#&\\x00-\\x1f\\x7f-\\x9f]+$",
                    "description": "The channel, or the peer's uid for a person channel.",
                    "example": "group1"
                  },
                  "channel_type": {
                    "type": "integer",
                    "minimum": 0,
                    "maximum": 255,
                    "description": "Channel type (uint8): 1 person, 2 group, 3 customer service, 4 community, 5 topic, 6 info, 7 data, 8 temp, 9 live, 10 visitors. 0 is refused with 400.",
                    "example": 2
                  },
                  "message_seqs": {
                    "type": "array",
                    "items": {
                      "type": "integer",
                      "format": "int64",
                      "description": "A message seq.",
                      "minimum": 0,
                      "maximum": 9223372036854775807
                    },
                    "description": "Seqs to look up. At most 1000 seqs, ids and client_msg_nos together (413 beyond).",
                    "maxItems": 1000
                  },
                  "message_ids": {
                    "type": "array",
                    "items": {
                      "type": "integer",
                      "format": "int64",
                      "description": "A message id.",
                      "minimum": -9223372036854775808,
                      "maximum": 9223372036854775807
                    },
                    "description": "Message ids to look up. At most 1000 seqs, ids and client_msg_nos together (413 beyond).",
                    "maxItems": 1000
                  },
                  "client_msg_nos": {
                    "type": "array",
                    "items": {
                      "type": "string"
                    },
                    "description": "client_msg_nos to look up. At most 1000 seqs, ids and client_msg_nos together (413 beyond).",
                    "maxItems": 1000
                  }
                }
              },
              "example": {
                "login_uid": "user1",
                "channel_id": "group1",
                "channel_type": 2,
                "message_seqs": [
                  1
                ]
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "Success.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "start_message_seq",
                    "end_message_seq",
                    "more",
                    "messages"
                  ],
                  "properties": {
                    "start_message_seq": {
                      "type": "integer",
                      "format": "int64",
                      "description": "Always 0.",
                      "example": 0,
                      "enum": [
                        0
                      ]
                    },
                    "end_message_seq": {
                      "type": "integer",
                      "format": "int64",
                      "description": "Always 0.",
                      "example": 0,
                      "enum": [
                        0
                      ]
                    },
                    "more": {
                      "type": "integer",
                      "description": "Always 0.",
                      "example": 0,
                      "enum": [
                        0
                      ]
                    },
                    "messages": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/Message"
                      },
                      "description": "The messages found."
                    }
                  }
                },
                "example": {
                  "start_message_seq": 0,
                  "end_message_seq": 0,
                  "more": 0,
                  "messages": [
                    {
                      "header": {
                        "no_persist": 0,
                        "red_dot": 1,
                        "sync_once": 0
                      },
                      "setting": 0,
                      "message_id": 1839276400254976,
                      "message_idstr": "1839276400254976",
                      "client_msg_no": "msg-0001",
                      "message_seq": 1,
                      "from_uid": "user1",
                      "channel_id": "group1",
                      "channel_type": 2,
                      "expire": 0,
                      "timestamp": 1767225600,
                      "payload": "eyJ0eXBlIjoxLCJjb250ZW50IjoiaGVsbG8ifQ=="
                    }
                  ]
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          }
        }
      }
    },
    "/message": {
      "post": {
        "operationId": "getMessage",
        "tags": [
          "Messages"
        ],
        "summary": "Look up one message",
        "description": "Finds a message by `message_id` or `client_msg_no` (one of them is required). For person channels (type 1) `channel_id` is the peer's uid and `login_uid` is required.",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "required": [
                  "channel_id",
                  "channel_type"
                ],
                "properties": {
                  "login_uid": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 255,
                    "pattern": "^[^@#&\\x00-\\x1f\\x7f-\\x9f]+$",
                    "description": "The reading user (required for person channels).",
                    "example": "user1"
                  },
                  "channel_id": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 512,
                    "pattern": "^[^@#&\\x00-\\x1f\\x7f-\\x9f]+$",
                    "description": "The channel, or the peer's uid for a person channel.",
                    "example": "group1"
                  },
                  "channel_type": {
                    "type": "integer",
                    "minimum": 0,
                    "maximum": 255,
                    "description": "Channel type (uint8): 1 person, 2 group, 3 customer service, 4 community, 5 topic, 6 info, 7 data, 8 temp, 9 live, 10 visitors. 0 is refused with 400.",
                    "example": 2
                  },
                  "message_id": {
                    "type": "integer",
                    "format": "int64",
                    "description": "The message id.",
                    "example": 1839276400254976,
                    "minimum": -9223372036854775808,
                    "maximum": 9223372036854775807
                  },
                  "client_msg_no": {
                    "type": "string",
                    "description": "The message's client_msg_no.",
                    "example": "msg-0001"
                  }
                },
                "anyOf": [
                  {
                    "required": [
                      "message_id"
                    ]
                  },
                  {
                    "required": [
                      "client_msg_no"
                    ]
                  }
                ]
              },
              "example": {
                "login_uid": "user1",
                "channel_id": "group1",
                "channel_type": 2,
                "client_msg_no": "msg-0001"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "Success.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Message"
                },
                "example": {
                  "header": {
                    "no_persist": 0,
                    "red_dot": 1,
                    "sync_once": 0
                  },
                  "setting": 0,
                  "message_id": 1839276400254976,
                  "message_idstr": "1839276400254976",
                  "client_msg_no": "msg-0001",
                  "message_seq": 1,
                  "from_uid": "user1",
                  "channel_id": "group1",
                  "channel_type": 2,
                  "expire": 0,
                  "timestamp": 1767225600,
                  "payload": "eyJ0eXBlIjoxLCJjb250ZW50IjoiaGVsbG8ifQ=="
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          }
        }
      }
    },
    "/message/byclientmsgno": {
      "get": {
        "operationId": "getMessageByClientMsgNo",
        "tags": [
          "Messages"
        ],
        "summary": "Look up a message by client_msg_no",
        "description": "For a person channel give `login_uid` and the peer's uid as `channel_id`, or the internal `a@b` channel id without `login_uid`.",
        "parameters": [
          {
            "name": "channel_id",
            "in": "query",
            "required": true,
            "schema": {
              "type": "string",
              "minLength": 1,
              "maxLength": 512
            },
            "description": "The channel; for a person channel the peer's uid (with `login_uid`) or the internal `a@b` id.",
            "example": "group1"
          },
          {
            "name": "channel_type",
            "in": "query",
            "required": true,
            "schema": {
              "type": "integer",
              "minimum": 0,
              "maximum": 255,
              "description": "Channel type (uint8): 1 person, 2 group, 3 customer service, 4 community, 5 topic, 6 info, 7 data, 8 temp, 9 live, 10 visitors. 0 is refused with 400."
            },
            "description": "The channel type.",
            "example": 2
          },
          {
            "name": "client_msg_no",
            "in": "query",
            "required": true,
            "schema": {
              "type": "string",
              "minLength": 1
            },
            "description": "The message's client_msg_no.",
            "example": "msg-0001"
          },
          {
            "name": "login_uid",
            "in": "query",
            "required": false,
            "schema": {
              "type": "string",
              "minLength": 1,
              "maxLength": 255,
              "pattern": "^[^@#&\\x00-\\x1f\\x7f-\\x9f]+$",
              "description": "User id: 1 to 255 bytes, without `@`, `#`, `&` or control characters."
            },
            "description": "The reading user (for person channels).",
            "example": "user1"
          }
        ],
        "responses": {
          "200": {
            "description": "Success.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Message"
                },
                "example": {
                  "header": {
                    "no_persist": 0,
                    "red_dot": 1,
                    "sync_once": 0
                  },
                  "setting": 0,
                  "message_id": 1839276400254976,
                  "message_idstr": "1839276400254976",
                  "client_msg_no": "msg-0001",
                  "message_seq": 1,
                  "from_uid": "user1",
                  "channel_id": "group1",
                  "channel_type": 2,
                  "expire": 0,
                  "timestamp": 1767225600,
                  "payload": "eyJ0eXBlIjoxLCJjb250ZW50IjoiaGVsbG8ifQ=="
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          }
        }
      }
    },
    "/channel/messagesync": {
      "post": {
        "operationId": "syncChannelMessages",
        "tags": [
          "Messages"
        ],
        "summary": "Page through a channel's history",
        "description": "start and end 0: the newest `limit` messages. pull_mode 0 (down): older messages from `start_message_seq` down to `end_message_seq`; 1 (up): newer messages from `start_message_seq`. An unknown channel gives an empty page. For person channels (type 1) `channel_id` is the peer's uid and `login_uid` is required.",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "required": [
                  "login_uid",
                  "channel_id",
                  "channel_type"
                ],
                "properties": {
                  "login_uid": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 255,
                    "pattern": "^[^@#&\\x00-\\x1f\\x7f-\\x9f]+$",
                    "description": "The reading user.",
                    "example": "user1"
                  },
                  "channel_id": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 512,
                    "pattern": "^[^@#&\\x00-\\x1f\\x7f-\\x9f]+$",
                    "description": "The channel, or the peer's uid for a person channel.",
                    "example": "group1"
                  },
                  "channel_type": {
                    "type": "integer",
                    "minimum": 0,
                    "maximum": 255,
                    "description": "Channel type (uint8): 1 person, 2 group, 3 customer service, 4 community, 5 topic, 6 info, 7 data, 8 temp, 9 live, 10 visitors. 0 is refused with 400.",
                    "example": 2
                  },
                  "start_message_seq": {
                    "type": "integer",
                    "format": "int64",
                    "description": "Where the page starts (0 = newest).",
                    "minimum": 0,
                    "example": 0,
                    "maximum": 9223372036854775807
                  },
                  "end_message_seq": {
                    "type": "integer",
                    "format": "int64",
                    "description": "Where the page ends (0 = no bound).",
                    "minimum": 0,
                    "example": 0,
                    "maximum": 9223372036854775807
                  },
                  "limit": {
                    "type": "integer",
                    "format": "int64",
                    "description": "Page size: 0 means 100, larger than 10000 means 10000.",
                    "example": 100,
                    "minimum": 0,
                    "maximum": 9223372036854775807
                  },
                  "pull_mode": {
                    "type": "integer",
                    "description": "0 down (older), 1 up (newer).",
                    "example": 0,
                    "enum": [
                      0,
                      1
                    ],
                    "default": 0
                  }
                }
              },
              "example": {
                "login_uid": "user1",
                "channel_id": "group1",
                "channel_type": 2,
                "start_message_seq": 0,
                "end_message_seq": 0,
                "limit": 20,
                "pull_mode": 0
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "Success.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "start_message_seq",
                    "end_message_seq",
                    "more",
                    "messages"
                  ],
                  "properties": {
                    "start_message_seq": {
                      "type": "integer",
                      "format": "int64",
                      "description": "The request's start_message_seq.",
                      "minimum": 0,
                      "example": 0
                    },
                    "end_message_seq": {
                      "type": "integer",
                      "format": "int64",
                      "description": "The request's end_message_seq.",
                      "minimum": 0,
                      "example": 0
                    },
                    "more": {
                      "type": "integer",
                      "description": "1 when more messages remain in the direction of the pull.",
                      "example": 0,
                      "enum": [
                        0,
                        1
                      ]
                    },
                    "messages": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/Message"
                      },
                      "description": "The page, oldest first."
                    }
                  }
                },
                "example": {
                  "start_message_seq": 0,
                  "end_message_seq": 0,
                  "more": 0,
                  "messages": [
                    {
                      "header": {
                        "no_persist": 0,
                        "red_dot": 1,
                        "sync_once": 0
                      },
                      "setting": 0,
                      "message_id": 1839276400254976,
                      "message_idstr": "1839276400254976",
                      "client_msg_no": "msg-0001",
                      "message_seq": 1,
                      "from_uid": "user1",
                      "channel_id": "group1",
                      "channel_type": 2,
                      "expire": 0,
                      "timestamp": 1767225600,
                      "payload": "eyJ0eXBlIjoxLCJjb250ZW50IjoiaGVsbG8ifQ=="
                    }
                  ]
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          }
        }
      }
    },
    "/channel/max_message_seq": {
      "get": {
        "operationId": "getChannelMaxMessageSeq",
        "tags": [
          "Messages"
        ],
        "summary": "A channel's last seq",
        "description": "The seq of the channel's newest message (0 when it has none). For person channels (type 1) `channel_id` is the peer's uid and `login_uid` is required.",
        "parameters": [
          {
            "name": "channel_id",
            "in": "query",
            "required": true,
            "schema": {
              "type": "string",
              "minLength": 1,
              "maxLength": 512,
              "pattern": "^[^@#&\\x00-\\x1f\\x7f-\\x9f]+$",
              "description": "Channel id: 1 to 512 bytes, without `@`, `#`, `&` or control characters."
            },
            "description": "The channel; the peer's uid for a person channel.",
            "example": "group1"
          },
          {
            "name": "channel_type",
            "in": "query",
            "required": true,
            "schema": {
              "type": "integer",
              "minimum": 0,
              "maximum": 255,
              "description": "Channel type (uint8): 1 person, 2 group, 3 customer service, 4 community, 5 topic, 6 info, 7 data, 8 temp, 9 live, 10 visitors. 0 is refused with 400."
            },
            "description": "The channel type.",
            "example": 2
          },
          {
            "name": "login_uid",
            "in": "query",
            "required": false,
            "schema": {
              "type": "string",
              "minLength": 1,
              "maxLength": 255,
              "pattern": "^[^@#&\\x00-\\x1f\\x7f-\\x9f]+$",
              "description": "User id: 1 to 255 bytes, without `@`, `#`, `&` or control characters."
            },
            "description": "The reading user (required for person channels).",
            "example": "user1"
          }
        ],
        "responses": {
          "200": {
            "description": "Success.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "message_seq"
                  ],
                  "properties": {
                    "message_seq": {
                      "type": "integer",
                      "format": "int64",
                      "description": "The channel's last seq.",
                      "minimum": 0,
                      "example": 1
                    }
                  }
                },
                "example": {
                  "message_seq": 1
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          }
        }
      }
    },
    "/channel/last_message": {
      "get": {
        "operationId": "getChannelLastMessage",
        "tags": [
          "Messages"
        ],
        "summary": "A channel's newest message",
        "description": "The channel's newest message. For person channels (type 1) `channel_id` is the peer's uid and `login_uid` is required.",
        "parameters": [
          {
            "name": "channel_id",
            "in": "query",
            "required": true,
            "schema": {
              "type": "string",
              "minLength": 1,
              "maxLength": 512,
              "pattern": "^[^@#&\\x00-\\x1f\\x7f-\\x9f]+$",
              "description": "Channel id: 1 to 512 bytes, without `@`, `#`, `&` or control characters."
            },
            "description": "The channel; the peer's uid for a person channel.",
            "example": "group1"
          },
          {
            "name": "channel_type",
            "in": "query",
            "required": true,
            "schema": {
              "type": "integer",
              "minimum": 0,
              "maximum": 255,
              "description": "Channel type (uint8): 1 person, 2 group, 3 customer service, 4 community, 5 topic, 6 info, 7 data, 8 temp, 9 live, 10 visitors. 0 is refused with 400."
            },
            "description": "The channel type.",
            "example": 2
          },
          {
            "name": "login_uid",
            "in": "query",
            "required": false,
            "schema": {
              "type": "string",
              "minLength": 1,
              "maxLength": 255,
              "pattern": "^[^@#&\\x00-\\x1f\\x7f-\\x9f]+$",
              "description": "User id: 1 to 255 bytes, without `@`, `#`, `&` or control characters."
            },
            "description": "The reading user (required for person channels).",
            "example": "user1"
          }
        ],
        "responses": {
          "200": {
            "description": "Success.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Message"
                },
                "example": {
                  "header": {
                    "no_persist": 0,
                    "red_dot": 1,
                    "sync_once": 0
                  },
                  "setting": 0,
                  "message_id": 1839276400254976,
                  "message_idstr": "1839276400254976",
                  "client_msg_no": "msg-0001",
                  "message_seq": 1,
                  "from_uid": "user1",
                  "channel_id": "group1",
                  "channel_type": 2,
                  "expire": 0,
                  "timestamp": 1767225600,
                  "payload": "eyJ0eXBlIjoxLCJjb250ZW50IjoiaGVsbG8ifQ=="
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          }
        }
      }
    },
    "/conversation/sync": {
      "post": {
        "operationId": "syncConversations",
        "tags": [
          "Conversations"
        ],
        "summary": "Sync a user's conversations",
        "description": "The user's conversations with their unread counts and newest messages. Unread is the channel's last seq minus the user's read seq.",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "required": [
                  "uid"
                ],
                "properties": {
                  "uid": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 255,
                    "pattern": "^[^@#&\\x00-\\x1f\\x7f-\\x9f]+$",
                    "description": "User id: 1 to 255 bytes, without `@`, `#`, `&` or control characters.",
                    "example": "user1"
                  },
                  "version": {
                    "type": "integer",
                    "format": "int64",
                    "description": "The client's last sync version; > 0 asks for messages after the read seq only.",
                    "example": 0,
                    "minimum": -9223372036854775808,
                    "maximum": 9223372036854775807
                  },
                  "last_msg_seqs": {
                    "type": "string",
                    "description": "The client's last seq per conversation: `channelID:channelType:seq` joined with `|`. At most 10000 entries (413 beyond); seqs are 0 to 9223372036854775807.",
                    "example": "group1:2:1"
                  },
                  "msg_count": {
                    "type": "integer",
                    "format": "int64",
                    "description": "Recent messages per conversation.",
                    "example": 10,
                    "minimum": -9223372036854775808,
                    "maximum": 9223372036854775807
                  },
                  "only_unread": {
                    "type": "integer",
                    "description": "1: only conversations with unread messages.",
                    "example": 0,
                    "enum": [
                      0,
                      1
                    ],
                    "default": 0
                  },
                  "exclude_channel_types": {
                    "type": "array",
                    "items": {
                      "type": "integer",
                      "minimum": 0,
                      "maximum": 255,
                      "description": "A channel type to leave out.",
                      "example": 2
                    },
                    "description": "Channel types to leave out. At most 10000 entries (413 beyond).",
                    "maxItems": 10000
                  },
                  "page": {
                    "type": "integer",
                    "format": "int64",
                    "description": "1-based page, at most 2147483647; 0 means no paging.",
                    "example": 0,
                    "minimum": 0,
                    "maximum": 2147483647
                  },
                  "page_size": {
                    "type": "integer",
                    "description": "Conversations per page, 1 to 500.",
                    "example": 100,
                    "maximum": 500,
                    "minimum": 1
                  }
                }
              },
              "example": {
                "uid": "user1",
                "version": 0,
                "last_msg_seqs": "",
                "msg_count": 10,
                "only_unread": 0,
                "exclude_channel_types": [],
                "page": 0,
                "page_size": 100
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "Success.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "array",
                  "items": {
                    "$ref": "#/components/schemas/Conversation"
                  }
                },
                "example": [
                  {
                    "channel_id": "group1",
                    "channel_type": 2,
                    "unread": 1,
                    "timestamp": 1767225600,
                    "last_msg_seq": 1,
                    "last_client_msg_no": "msg-0001",
                    "offset_msg_seq": 0,
                    "readed_to_msg_seq": 0,
                    "version": 1767225600000000000,
                    "recents": [
                      {
                        "header": {
                          "no_persist": 0,
                          "red_dot": 1,
                          "sync_once": 0
                        },
                        "setting": 0,
                        "message_id": 1839276400254976,
                        "message_idstr": "1839276400254976",
                        "client_msg_no": "msg-0001",
                        "message_seq": 1,
                        "from_uid": "user1",
                        "channel_id": "group1",
                        "channel_type": 2,
                        "expire": 0,
                        "timestamp": 1767225600,
                        "payload": "eyJ0eXBlIjoxLCJjb250ZW50IjoiaGVsbG8ifQ=="
                      }
                    ]
                  }
                ]
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          }
        }
      }
    },
    "/conversation/syncMessages": {
      "post": {
        "operationId": "syncConversationMessages",
        "tags": [
          "Conversations"
        ],
        "summary": "Recent messages of several conversations",
        "description": "For each channel, the messages after `last_msg_seq` (at most `msg_count`).",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "required": [
                  "uid",
                  "channels"
                ],
                "properties": {
                  "uid": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 255,
                    "pattern": "^[^@#&\\x00-\\x1f\\x7f-\\x9f]+$",
                    "description": "User id: 1 to 255 bytes, without `@`, `#`, `&` or control characters.",
                    "example": "user1"
                  },
                  "channels": {
                    "type": "array",
                    "items": {
                      "type": "object",
                      "required": [
                        "channel_id",
                        "channel_type"
                      ],
                      "properties": {
                        "channel_id": {
                          "type": "string",
                          "minLength": 1,
                          "maxLength": 512,
                          "pattern": "^[^@#&\\x00-\\x1f\\x7f-\\x9f]+$",
                          "description": "The channel; the peer's uid for a person channel.",
                          "example": "group1"
                        },
                        "channel_type": {
                          "type": "integer",
                          "minimum": 0,
                          "maximum": 255,
                          "description": "Channel type (uint8): 1 person, 2 group, 3 customer service, 4 community, 5 topic, 6 info, 7 data, 8 temp, 9 live, 10 visitors. 0 is refused with 400.",
                          "example": 2
                        },
                        "last_msg_seq": {
                          "type": "integer",
                          "format": "int64",
                          "description": "The last seq the client has.",
                          "minimum": 0,
                          "example": 0,
                          "maximum": 9223372036854775807
                        }
                      }
                    },
                    "description": "The conversations to read. At most 1000 entries (413 beyond).",
                    "maxItems": 1000
                  },
                  "msg_count": {
                    "type": "integer",
                    "format": "int64",
                    "description": "Messages per channel.",
                    "example": 15,
                    "minimum": -9223372036854775808,
                    "maximum": 9223372036854775807
                  }
                }
              },
              "example": {
                "uid": "user1",
                "channels": [
                  {
                    "channel_id": "group1",
                    "channel_type": 2,
                    "last_msg_seq": 0
                  }
                ],
                "msg_count": 15
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "Success.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "array",
                  "items": {
                    "type": "object",
                    "required": [
                      "channel_id",
                      "channel_type",
                      "messages"
                    ],
                    "properties": {
                      "channel_id": {
                        "type": "string",
                        "description": "The channel.",
                        "example": "group1"
                      },
                      "channel_type": {
                        "type": "integer",
                        "minimum": 0,
                        "maximum": 255,
                        "description": "Channel type (uint8).",
                        "example": 2
                      },
                      "messages": {
                        "type": "array",
                        "items": {
                          "$ref": "#/components/schemas/Message"
                        },
                        "description": "The messages."
                      }
                    }
                  }
                },
                "example": [
                  {
                    "channel_id": "group1",
                    "channel_type": 2,
                    "messages": [
                      {
                        "header": {
                          "no_persist": 0,
                          "red_dot": 1,
                          "sync_once": 0
                        },
                        "setting": 0,
                        "message_id": 1839276400254976,
                        "message_idstr": "1839276400254976",
                        "client_msg_no": "msg-0001",
                        "message_seq": 1,
                        "from_uid": "user1",
                        "channel_id": "group1",
                        "channel_type": 2,
                        "expire": 0,
                        "timestamp": 1767225600,
                        "payload": "eyJ0eXBlIjoxLCJjb250ZW50IjoiaGVsbG8ifQ=="
                      }
                    ]
                  }
                ]
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          }
        }
      }
    },
    "/conversation/channels": {
      "post": {
        "operationId": "listConversationChannels",
        "tags": [
          "Conversations"
        ],
        "summary": "A user's conversation channels",
        "description": "The channels of the user's conversations (person: the peer's uid).",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "required": [
                  "uid"
                ],
                "properties": {
                  "uid": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 255,
                    "pattern": "^[^@#&\\x00-\\x1f\\x7f-\\x9f]+$",
                    "description": "User id: 1 to 255 bytes, without `@`, `#`, `&` or control characters.",
                    "example": "user1"
                  }
                }
              },
              "example": {
                "uid": "user1"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "Success.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "array",
                  "items": {
                    "$ref": "#/components/schemas/ChannelRef"
                  }
                },
                "example": [
                  {
                    "channel_id": "group1",
                    "channel_type": 2
                  }
                ]
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          }
        }
      }
    },
    "/conversation/syncByChannels": {
      "post": {
        "operationId": "syncConversationsByChannels",
        "tags": [
          "Conversations"
        ],
        "summary": "Conversations of given channels",
        "description": "One conversation per requested channel.",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "required": [
                  "uid",
                  "channels"
                ],
                "properties": {
                  "uid": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 255,
                    "pattern": "^[^@#&\\x00-\\x1f\\x7f-\\x9f]+$",
                    "description": "User id: 1 to 255 bytes, without `@`, `#`, `&` or control characters.",
                    "example": "user1"
                  },
                  "channels": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/ChannelRef"
                    },
                    "description": "The channels. At most 1000 entries (413 beyond).",
                    "maxItems": 1000
                  },
                  "msg_count": {
                    "type": "integer",
                    "format": "int64",
                    "description": "Recent messages per conversation.",
                    "example": 10,
                    "minimum": -9223372036854775808,
                    "maximum": 9223372036854775807
                  }
                }
              },
              "example": {
                "uid": "user1",
                "channels": [
                  {
                    "channel_id": "group1",
                    "channel_type": 2
                  }
                ],
                "msg_count": 10
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "Success.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "array",
                  "items": {
                    "$ref": "#/components/schemas/Conversation"
                  }
                },
                "example": [
                  {
                    "channel_id": "group1",
                    "channel_type": 2,
                    "unread": 1,
                    "timestamp": 1767225600,
                    "last_msg_seq": 1,
                    "last_client_msg_no": "msg-0001",
                    "offset_msg_seq": 0,
                    "readed_to_msg_seq": 0,
                    "version": 1767225600000000000,
                    "recents": [
                      {
                        "header": {
                          "no_persist": 0,
                          "red_dot": 1,
                          "sync_once": 0
                        },
                        "setting": 0,
                        "message_id": 1839276400254976,
                        "message_idstr": "1839276400254976",
                        "client_msg_no": "msg-0001",
                        "message_seq": 1,
                        "from_uid": "user1",
                        "channel_id": "group1",
                        "channel_type": 2,
                        "expire": 0,
                        "timestamp": 1767225600,
                        "payload": "eyJ0eXBlIjoxLCJjb250ZW50IjoiaGVsbG8ifQ=="
                      }
                    ]
                  }
                ]
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          }
        }
      }
    },
    "/conversations/clearUnread": {
      "post": {
        "operationId": "clearConversationUnread",
        "tags": [
          "Conversations"
        ],
        "summary": "Mark a conversation read",
        "description": "Sets the user's read seq of the channel to its last seq. 404 when the user has no conversation in the channel and the channel has no message.",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "required": [
                  "uid",
                  "channel_id",
                  "channel_type"
                ],
                "properties": {
                  "uid": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 255,
                    "pattern": "^[^@#&\\x00-\\x1f\\x7f-\\x9f]+$",
                    "description": "User id: 1 to 255 bytes, without `@`, `#`, `&` or control characters.",
                    "example": "user1"
                  },
                  "channel_id": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 512,
                    "pattern": "^[^@#&\\x00-\\x1f\\x7f-\\x9f]+$",
                    "description": "The channel; the peer's uid for a person channel.",
                    "example": "group1"
                  },
                  "channel_type": {
                    "type": "integer",
                    "minimum": 0,
                    "maximum": 255,
                    "description": "Channel type (uint8): 1 person, 2 group, 3 customer service, 4 community, 5 topic, 6 info, 7 data, 8 temp, 9 live, 10 visitors. 0 is refused with 400.",
                    "example": 2
                  },
                  "message_seq": {
                    "type": "integer",
                    "format": "int64",
                    "description": "Accepted for compatibility.",
                    "minimum": 0,
                    "example": 0,
                    "maximum": 9223372036854775807
                  }
                }
              },
              "example": {
                "uid": "user1",
                "channel_id": "group1",
                "channel_type": 2,
                "message_seq": 0
              }
            }
          }
        },
        "responses": {
          "200": {
            "$ref": "#/components/responses/OK"
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          }
        }
      }
    },
    "/conversations/setUnread": {
      "post": {
        "operationId": "setConversationUnread",
        "tags": [
          "Conversations"
        ],
        "summary": "Set a conversation's unread count",
        "description": "Moves the user's read seq so that `unread` messages remain unread. 404 when the user has no conversation in the channel and the channel has no message.",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "required": [
                  "uid",
                  "channel_id",
                  "channel_type",
                  "unread"
                ],
                "properties": {
                  "uid": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 255,
                    "pattern": "^[^@#&\\x00-\\x1f\\x7f-\\x9f]+$",
                    "description": "User id: 1 to 255 bytes, without `@`, `#`, `&` or control characters.",
                    "example": "user1"
                  },
                  "channel_id": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 512,
                    "pattern": "^[^@#&\\x00-\\x1f\\x7f-\\x9f]+$",
                    "description": "The channel; the peer's uid for a person channel.",
                    "example": "group1"
                  },
                  "channel_type": {
                    "type": "integer",
                    "minimum": 0,
                    "maximum": 255,
                    "description": "Channel type (uint8): 1 person, 2 group, 3 customer service, 4 community, 5 topic, 6 info, 7 data, 8 temp, 9 live, 10 visitors. 0 is refused with 400.",
                    "example": 2
                  },
                  "unread": {
                    "type": "integer",
                    "format": "int64",
                    "description": "The unread count to show.",
                    "example": 1,
                    "minimum": 0,
                    "maximum": 9223372036854775807
                  }
                }
              },
              "example": {
                "uid": "user1",
                "channel_id": "group1",
                "channel_type": 2,
                "unread": 1
              }
            }
          }
        },
        "responses": {
          "200": {
            "$ref": "#/components/responses/OK"
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          }
        }
      }
    },
    "/conversations/delete": {
      "post": {
        "operationId": "deleteConversation",
        "tags": [
          "Conversations"
        ],
        "summary": "Delete a conversation",
        "description": "Hides the conversation until a newer message arrives.",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "required": [
                  "uid",
                  "channel_id",
                  "channel_type"
                ],
                "properties": {
                  "uid": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 255,
                    "pattern": "^[^@#&\\x00-\\x1f\\x7f-\\x9f]+$",
                    "description": "User id: 1 to 255 bytes, without `@`, `#`, `&` or control characters.",
                    "example": "user1"
                  },
                  "channel_id": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 512,
                    "pattern": "^[^@#&\\x00-\\x1f\\x7f-\\x9f]+$",
                    "description": "The channel; the peer's uid for a person channel.",
                    "example": "group1"
                  },
                  "channel_type": {
                    "type": "integer",
                    "minimum": 0,
                    "maximum": 255,
                    "description": "Channel type (uint8): 1 person, 2 group, 3 customer service, 4 community, 5 topic, 6 info, 7 data, 8 temp, 9 live, 10 visitors. 0 is refused with 400.",
                    "example": 2
                  }
                }
              },
              "example": {
                "uid": "user1",
                "channel_id": "group1",
                "channel_type": 2
              }
            }
          }
        },
        "responses": {
          "200": {
            "$ref": "#/components/responses/OK"
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          }
        }
      }
    },
    "/conn/kick": {
      "post": {
        "operationId": "kickConnection",
        "tags": [
          "Connections"
        ],
        "summary": "Kick a connection",
        "description": "Sends DISCONNECT (reason 12) to the connection, then closes it. Admin only.",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "required": [
                  "uid",
                  "conn_id"
                ],
                "properties": {
                  "uid": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 255,
                    "pattern": "^[^@#&\\x00-\\x1f\\x7f-\\x9f]+$",
                    "description": "The connection's user.",
                    "example": "user1"
                  },
                  "conn_id": {
                    "type": "integer",
                    "format": "int64",
                    "description": "The connection id (see /connz).",
                    "example": 1,
                    "minimum": -9223372036854775808,
                    "maximum": 9223372036854775807
                  },
                  "node_id": {
                    "type": "integer",
                    "format": "int64",
                    "description": "The node that holds the connection (this node when absent).",
                    "minimum": 0,
                    "example": 1,
                    "maximum": 9223372036854775807
                  },
                  "reason": {
                    "type": "string",
                    "description": "Why the change is made (audit trail)."
                  }
                }
              },
              "example": {
                "uid": "user1",
                "conn_id": 1
              }
            }
          }
        },
        "responses": {
          "200": {
            "$ref": "#/components/responses/OK"
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          }
        },
        "parameters": [
          {
            "name": "X-Audit-Reason",
            "in": "header",
            "required": false,
            "schema": {
              "type": "string"
            },
            "description": "Why the change is made, for the audit trail (the body field `reason` wins).",
            "example": "quarterly access review"
          }
        ]
      }
    },
    "/conn/remove": {
      "post": {
        "operationId": "removeConnection",
        "tags": [
          "Connections"
        ],
        "summary": "Close a connection",
        "description": "Closes the connection silently. Admin only.",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "required": [
                  "uid",
                  "conn_id"
                ],
                "properties": {
                  "uid": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 255,
                    "pattern": "^[^@#&\\x00-\\x1f\\x7f-\\x9f]+$",
                    "description": "The connection's user.",
                    "example": "user1"
                  },
                  "conn_id": {
                    "type": "integer",
                    "format": "int64",
                    "description": "The connection id (see /connz).",
                    "example": 1,
                    "minimum": -9223372036854775808,
                    "maximum": 9223372036854775807
                  },
                  "node_id": {
                    "type": "integer",
                    "format": "int64",
                    "description": "The node that holds the connection (this node when absent).",
                    "minimum": 0,
                    "example": 1,
                    "maximum": 9223372036854775807
                  },
                  "reason": {
                    "type": "string",
                    "description": "Why the change is made (audit trail)."
                  }
                }
              },
              "example": {
                "uid": "user1",
                "conn_id": 1
              }
            }
          }
        },
        "responses": {
          "200": {
            "$ref": "#/components/responses/OK"
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          }
        },
        "parameters": [
          {
            "name": "X-Audit-Reason",
            "in": "header",
            "required": false,
            "schema": {
              "type": "string"
            },
            "description": "Why the change is made, for the audit trail (the body field `reason` wins).",
            "example": "quarterly access review"
          }
        ]
      }
    },
    "/route": {
      "get": {
        "operationId": "getRoute",
        "tags": [
          "Connections"
        ],
        "summary": "Where a client connects",
        "description": "The addresses of the TCP and WebSocket listeners.",
        "parameters": [
          {
            "name": "intranet",
            "in": "query",
            "required": false,
            "schema": {
              "type": "integer",
              "enum": [
                0,
                1
              ],
              "default": 0
            },
            "description": "1: answer the intranet addresses.",
            "example": 0
          }
        ],
        "responses": {
          "200": {
            "description": "Success.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/RouteAddresses"
                },
                "example": {
                  "tcp_addr": "127.0.0.1:5100",
                  "ws_addr": "ws://127.0.0.1:5200",
                  "wss_addr": ""
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          }
        }
      }
    },
    "/route/batch": {
      "post": {
        "operationId": "getRouteBatch",
        "tags": [
          "Connections"
        ],
        "summary": "Where several clients connect",
        "description": "The listener addresses for the given users (a single group on a single node).",
        "parameters": [
          {
            "name": "intranet",
            "in": "query",
            "required": false,
            "schema": {
              "type": "integer",
              "enum": [
                0,
                1
              ],
              "default": 0
            },
            "description": "1: answer the intranet addresses.",
            "example": 0
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "array",
                "items": {
                  "type": "string",
                  "minLength": 1,
                  "maxLength": 255,
                  "pattern": "^[^@#&\\x00-\\x1f\\x7f-\\x9f]+$",
                  "description": "A uid."
                },
                "description": "The users (a bare JSON array, at most 10000; 413 beyond).",
                "example": [
                  "user1",
                  "user2"
                ],
                "maxItems": 10000
              },
              "example": [
                "user1",
                "user2"
              ]
            }
          }
        },
        "responses": {
          "200": {
            "description": "Success.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "array",
                  "items": {
                    "$ref": "#/components/schemas/RouteBatchItem"
                  }
                },
                "example": [
                  {
                    "tcp_addr": "127.0.0.1:5100",
                    "ws_addr": "ws://127.0.0.1:5200",
                    "wss_addr": "",
                    "uids": [
                      "user1",
                      "user2"
                    ]
                  }
                ]
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          }
        }
      }
    },
    "/connz": {
      "get": {
        "operationId": "listConnections",
        "tags": [
          "Connections"
        ],
        "summary": "Live connections",
        "description": "A page of the node's live client connections.",
        "parameters": [
          {
            "name": "offset",
            "in": "query",
            "required": false,
            "schema": {
              "type": "integer",
              "format": "int64",
              "default": 0,
              "minimum": 0,
              "maximum": 9223372036854775807
            },
            "description": "How many connections to skip.",
            "example": 0
          },
          {
            "name": "limit",
            "in": "query",
            "required": false,
            "schema": {
              "type": "integer",
              "default": 100,
              "maximum": 1000,
              "minimum": 1
            },
            "description": "Page size (default 100, at most 1000).",
            "example": 100
          },
          {
            "name": "uid",
            "in": "query",
            "required": false,
            "schema": {
              "type": "string",
              "minLength": 1,
              "maxLength": 255,
              "pattern": "^[^@#&\\x00-\\x1f\\x7f-\\x9f]+$",
              "description": "User id: 1 to 255 bytes, without `@`, `#`, `&` or control characters."
            },
            "description": "Only this user's connections.",
            "example": "user1"
          }
        ],
        "responses": {
          "200": {
            "description": "Success.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "total",
                    "offset",
                    "limit",
                    "connections"
                  ],
                  "properties": {
                    "total": {
                      "type": "integer",
                      "description": "Connections matching the filter.",
                      "example": 1,
                      "minimum": 0
                    },
                    "offset": {
                      "type": "integer",
                      "description": "The request's offset.",
                      "example": 0
                    },
                    "limit": {
                      "type": "integer",
                      "description": "The page size used.",
                      "example": 100
                    },
                    "connections": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/Connection"
                      },
                      "description": "The page."
                    }
                  }
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          }
        }
      }
    },
    "/varz": {
      "get": {
        "operationId": "getVarz",
        "tags": [
          "Operations"
        ],
        "summary": "Server variables",
        "description": "Identity, listeners, uptime and counts of the node.",
        "responses": {
          "200": {
            "description": "Success.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "node_id",
                    "version",
                    "start",
                    "uptime_seconds",
                    "connections",
                    "tcp_addr",
                    "ws_addr",
                    "http_addr",
                    "data_dir",
                    "system_uids",
                    "channels"
                  ],
                  "properties": {
                    "node_id": {
                      "type": "integer",
                      "description": "This node's id (0-1023).",
                      "example": 1
                    },
                    "version": {
                      "type": "string",
                      "description": "Server version.",
                      "example": "0.1.0"
                    },
                    "start": {
                      "type": "integer",
                      "description": "When the server started, Unix seconds.",
                      "example": 1767225600
                    },
                    "uptime_seconds": {
                      "type": "integer",
                      "description": "Seconds since start.",
                      "example": 3600,
                      "minimum": 0
                    },
                    "connections": {
                      "type": "integer",
                      "description": "Live client connections.",
                      "example": 1,
                      "minimum": 0
                    },
                    "tcp_addr": {
                      "type": "string",
                      "description": "TCP listener address.",
                      "example": "0.0.0.0:5100"
                    },
                    "ws_addr": {
                      "type": "string",
                      "description": "WebSocket listener address.",
                      "example": "0.0.0.0:5200"
                    },
                    "http_addr": {
                      "type": "string",
                      "description": "HTTP API listener address.",
                      "example": "0.0.0.0:5001"
                    },
                    "data_dir": {
                      "type": "string",
                      "description": "Data directory.",
                      "example": "./data"
                    },
                    "system_uids": {
                      "type": "integer",
                      "description": "Number of system uids.",
                      "example": 0,
                      "minimum": 0
                    },
                    "channels": {
                      "type": "integer",
                      "description": "Number of channels.",
                      "example": 1,
                      "minimum": 0
                    }
                  }
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          }
        }
      }
    },
    "/health": {
      "get": {
        "operationId": "getHealth",
        "tags": [
          "Operations"
        ],
        "summary": "Readiness check",
        "description": "Answers 200 `{\"status\":\"ok\"}` while the server can take traffic, and 503 `{\"status\":\"degraded\",\"reason\":\"…\"}` while its store cannot write (a full disk, say) or it is shutting down. The same as `/health/ready`.",
        "responses": {
          "200": {
            "$ref": "#/components/responses/Ready"
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          },
          "503": {
            "$ref": "#/components/responses/NotReady"
          }
        },
        "security": [
          {}
        ]
      }
    },
    "/health/live": {
      "get": {
        "operationId": "getLiveness",
        "tags": [
          "Operations"
        ],
        "summary": "Liveness probe",
        "description": "200 `{\"status\":\"ok\"}` while the process answers HTTP at all; it does not look at the store (see `/health/ready`).",
        "responses": {
          "200": {
            "$ref": "#/components/responses/Ready"
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          }
        },
        "security": [
          {}
        ]
      }
    },
    "/health/ready": {
      "get": {
        "operationId": "getReadiness",
        "tags": [
          "Operations"
        ],
        "summary": "Readiness probe",
        "description": "For a load balancer or an orchestrator: 200 while the server can take traffic, 503 (with the reason) while its store cannot write or it is shutting down. While degraded the server retries a small write itself, so it turns ready again without waiting for traffic.",
        "responses": {
          "200": {
            "$ref": "#/components/responses/Ready"
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          },
          "503": {
            "$ref": "#/components/responses/NotReady"
          }
        },
        "security": [
          {}
        ]
      }
    },
    "/metrics": {
      "get": {
        "operationId": "getMetrics",
        "tags": [
          "Operations"
        ],
        "summary": "Prometheus metrics",
        "description": "Metrics in the Prometheus text exposition format (`text/plain; version=0.0.4`).",
        "responses": {
          "200": {
            "description": "Success.",
            "content": {
              "text/plain": {
                "schema": {
                  "type": "string"
                },
                "example": "# TYPE jindou_connections gauge\njindou_connections 1\n"
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          }
        },
        "security": [
          {
            "TokenHeader": []
          },
          {
            "BearerAuth": []
          },
          {}
        ]
      }
    },
    "/docs/openapi.json": {
      "get": {
        "operationId": "getOpenAPIDocument",
        "tags": [
          "Operations"
        ],
        "summary": "This document",
        "description": "The OpenAPI 3.0.3 description of the API.",
        "responses": {
          "200": {
            "description": "Success.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          }
        },
        "security": [
          {}
        ]
      }
    },
    "/audit": {
      "get": {
        "operationId": "listAuditEntries",
        "tags": [
          "Operations"
        ],
        "summary": "Read the audit trail",
        "description": "Privilege changes, newest first. Admin only. Entries cannot be changed or deleted.",
        "parameters": [
          {
            "name": "since",
            "in": "query",
            "schema": {
              "type": "string"
            },
            "description": "Unix milliseconds or ISO 8601, inclusive.",
            "example": "0"
          },
          {
            "name": "until",
            "in": "query",
            "schema": {
              "type": "string"
            },
            "description": "Unix milliseconds or ISO 8601, inclusive.",
            "example": "4102444800000"
          },
          {
            "name": "action",
            "in": "query",
            "schema": {
              "type": "string"
            },
            "example": "systemuids_remove"
          },
          {
            "name": "uid",
            "in": "query",
            "schema": {
              "type": "string"
            },
            "example": "robot1"
          },
          {
            "name": "channel_id",
            "in": "query",
            "schema": {
              "type": "string"
            },
            "example": "group1"
          },
          {
            "name": "limit",
            "in": "query",
            "schema": {
              "type": "integer",
              "minimum": 1,
              "maximum": 1000,
              "default": 100
            },
            "example": 100
          },
          {
            "name": "cursor",
            "in": "query",
            "schema": {
              "type": "integer",
              "format": "int64",
              "minimum": -9223372036854775808,
              "maximum": 9223372036854775807
            },
            "description": "`next_cursor` of the previous page.",
            "example": 9007199254740991
          }
        ],
        "responses": {
          "200": {
            "description": "A page of entries.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "entries"
                  ],
                  "properties": {
                    "entries": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/AuditEntry"
                      }
                    },
                    "next_cursor": {
                      "type": "integer",
                      "format": "int64"
                    }
                  }
                },
                "example": {
                  "entries": []
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          }
        }
      }
    },
    "/users": {
      "post": {
        "operationId": "registerUsers",
        "summary": "Register one user or a batch (at most 60)",
        "description": "A batch reports per-user failures in `data` and still creates the valid ones. A duplicate single registration is 400 duplicate_unique_property_exists. Admin only.",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "oneOf": [
                  {
                    "type": "object",
                    "required": [
                      "username"
                    ],
                    "properties": {
                      "username": {
                        "type": "string",
                        "minLength": 1,
                        "maxLength": 64,
                        "pattern": "^[a-zA-Z0-9_.-]+$"
                      },
                      "password": {
                        "type": "string",
                        "maxLength": 64,
                        "description": "Accepted for Easemob compatibility and not stored: devices authenticate with /user/token tokens."
                      },
                      "nickname": {
                        "type": "string",
                        "maxLength": 100
                      }
                    }
                  },
                  {
                    "type": "array",
                    "minItems": 1,
                    "maxItems": 60,
                    "items": {
                      "type": "object",
                      "required": [
                        "username"
                      ],
                      "properties": {
                        "username": {
                          "type": "string",
                          "minLength": 1,
                          "maxLength": 64,
                          "pattern": "^[a-zA-Z0-9_.-]+$"
                        },
                        "password": {
                          "type": "string",
                          "maxLength": 64,
                          "description": "Accepted for Easemob compatibility and not stored: devices authenticate with /user/token tokens."
                        },
                        "nickname": {
                          "type": "string",
                          "maxLength": 100
                        }
                      }
                    }
                  }
                ]
              },
              "example": {
                "username": "newuser1",
                "password": "secret",
                "nickname": "New user"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "Easemob envelope.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/EasemobEnvelope"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/EasemobBadRequest"
          },
          "401": {
            "$ref": "#/components/responses/EasemobUnauthorized"
          },
          "403": {
            "$ref": "#/components/responses/EasemobForbidden"
          },
          "404": {
            "$ref": "#/components/responses/EasemobNotFound"
          },
          "413": {
            "$ref": "#/components/responses/EasemobTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/EasemobUnsupportedMediaType"
          },
          "429": {
            "$ref": "#/components/responses/EasemobRateLimited"
          },
          "500": {
            "$ref": "#/components/responses/EasemobInternal"
          }
        },
        "tags": [
          "Users"
        ]
      },
      "get": {
        "operationId": "listUsers",
        "summary": "Users in creation order, with cursor paging",
        "parameters": [
          {
            "name": "limit",
            "in": "query",
            "schema": {
              "type": "integer",
              "minimum": 1,
              "maximum": 100,
              "default": 10
            },
            "example": 2
          },
          {
            "name": "cursor",
            "in": "query",
            "schema": {
              "type": "string"
            },
            "example": ""
          }
        ],
        "responses": {
          "200": {
            "description": "Easemob envelope.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/EasemobEnvelope"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/EasemobBadRequest"
          },
          "401": {
            "$ref": "#/components/responses/EasemobUnauthorized"
          },
          "403": {
            "$ref": "#/components/responses/EasemobForbidden"
          },
          "404": {
            "$ref": "#/components/responses/EasemobNotFound"
          },
          "429": {
            "$ref": "#/components/responses/EasemobRateLimited"
          },
          "500": {
            "$ref": "#/components/responses/EasemobInternal"
          }
        },
        "tags": [
          "Users"
        ]
      },
      "delete": {
        "operationId": "deleteOldestUsers",
        "summary": "Delete the oldest N users (each with the full cascade)",
        "description": "Admin only.",
        "parameters": [
          {
            "name": "limit",
            "in": "query",
            "schema": {
              "type": "integer",
              "minimum": 1,
              "maximum": 100,
              "default": 10
            },
            "example": 2
          },
          {
            "name": "purge_messages",
            "in": "query",
            "schema": {
              "type": "string",
              "enum": [
                "true",
                "false"
              ]
            },
            "example": "false",
            "description": "true: also delete the messages the user sent in the channels it belongs to."
          }
        ],
        "responses": {
          "200": {
            "description": "Easemob envelope.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/EasemobEnvelope"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/EasemobBadRequest"
          },
          "401": {
            "$ref": "#/components/responses/EasemobUnauthorized"
          },
          "403": {
            "$ref": "#/components/responses/EasemobForbidden"
          },
          "404": {
            "$ref": "#/components/responses/EasemobNotFound"
          },
          "429": {
            "$ref": "#/components/responses/EasemobRateLimited"
          },
          "500": {
            "$ref": "#/components/responses/EasemobInternal"
          }
        },
        "tags": [
          "Users"
        ]
      }
    },
    "/{org_name}/{app_name}/users": {
      "post": {
        "operationId": "registerUsersInApp",
        "summary": "Register one user or a batch (at most 60)",
        "description": "A batch reports per-user failures in `data` and still creates the valid ones. A duplicate single registration is 400 duplicate_unique_property_exists. Admin only.",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "oneOf": [
                  {
                    "type": "object",
                    "required": [
                      "username"
                    ],
                    "properties": {
                      "username": {
                        "type": "string",
                        "minLength": 1,
                        "maxLength": 64,
                        "pattern": "^[a-zA-Z0-9_.-]+$"
                      },
                      "password": {
                        "type": "string",
                        "maxLength": 64,
                        "description": "Accepted for Easemob compatibility and not stored: devices authenticate with /user/token tokens."
                      },
                      "nickname": {
                        "type": "string",
                        "maxLength": 100
                      }
                    }
                  },
                  {
                    "type": "array",
                    "minItems": 1,
                    "maxItems": 60,
                    "items": {
                      "type": "object",
                      "required": [
                        "username"
                      ],
                      "properties": {
                        "username": {
                          "type": "string",
                          "minLength": 1,
                          "maxLength": 64,
                          "pattern": "^[a-zA-Z0-9_.-]+$"
                        },
                        "password": {
                          "type": "string",
                          "maxLength": 64,
                          "description": "Accepted for Easemob compatibility and not stored: devices authenticate with /user/token tokens."
                        },
                        "nickname": {
                          "type": "string",
                          "maxLength": 100
                        }
                      }
                    }
                  }
                ]
              },
              "example": {
                "username": "newuser1",
                "password": "secret",
                "nickname": "New user"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "Easemob envelope.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/EasemobEnvelope"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/EasemobBadRequest"
          },
          "401": {
            "$ref": "#/components/responses/EasemobUnauthorized"
          },
          "403": {
            "$ref": "#/components/responses/EasemobForbidden"
          },
          "404": {
            "$ref": "#/components/responses/EasemobNotFound"
          },
          "413": {
            "$ref": "#/components/responses/EasemobTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/EasemobUnsupportedMediaType"
          },
          "429": {
            "$ref": "#/components/responses/EasemobRateLimited"
          },
          "500": {
            "$ref": "#/components/responses/EasemobInternal"
          }
        },
        "tags": [
          "Users"
        ],
        "parameters": [
          {
            "name": "org_name",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string"
            },
            "example": "jindou",
            "description": "Must be the configured organization (JINDOU_ORG), else 404 organization_application_not_found."
          },
          {
            "name": "app_name",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string"
            },
            "example": "default",
            "description": "Must be the configured application (JINDOU_APP)."
          }
        ]
      },
      "get": {
        "operationId": "listUsersInApp",
        "summary": "Users in creation order, with cursor paging",
        "parameters": [
          {
            "name": "org_name",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string"
            },
            "example": "jindou",
            "description": "Must be the configured organization (JINDOU_ORG), else 404 organization_application_not_found."
          },
          {
            "name": "app_name",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string"
            },
            "example": "default",
            "description": "Must be the configured application (JINDOU_APP)."
          },
          {
            "name": "limit",
            "in": "query",
            "schema": {
              "type": "integer",
              "minimum": 1,
              "maximum": 100,
              "default": 10
            },
            "example": 2
          },
          {
            "name": "cursor",
            "in": "query",
            "schema": {
              "type": "string"
            },
            "example": ""
          }
        ],
        "responses": {
          "200": {
            "description": "Easemob envelope.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/EasemobEnvelope"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/EasemobBadRequest"
          },
          "401": {
            "$ref": "#/components/responses/EasemobUnauthorized"
          },
          "403": {
            "$ref": "#/components/responses/EasemobForbidden"
          },
          "404": {
            "$ref": "#/components/responses/EasemobNotFound"
          },
          "429": {
            "$ref": "#/components/responses/EasemobRateLimited"
          },
          "500": {
            "$ref": "#/components/responses/EasemobInternal"
          }
        },
        "tags": [
          "Users"
        ]
      },
      "delete": {
        "operationId": "deleteOldestUsersInApp",
        "summary": "Delete the oldest N users (each with the full cascade)",
        "description": "Admin only.",
        "parameters": [
          {
            "name": "org_name",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string"
            },
            "example": "jindou",
            "description": "Must be the configured organization (JINDOU_ORG), else 404 organization_application_not_found."
          },
          {
            "name": "app_name",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string"
            },
            "example": "default",
            "description": "Must be the configured application (JINDOU_APP)."
          },
          {
            "name": "limit",
            "in": "query",
            "schema": {
              "type": "integer",
              "minimum": 1,
              "maximum": 100,
              "default": 10
            },
            "example": 2
          },
          {
            "name": "purge_messages",
            "in": "query",
            "schema": {
              "type": "string",
              "enum": [
                "true",
                "false"
              ]
            },
            "example": "false",
            "description": "true: also delete the messages the user sent in the channels it belongs to."
          }
        ],
        "responses": {
          "200": {
            "description": "Easemob envelope.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/EasemobEnvelope"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/EasemobBadRequest"
          },
          "401": {
            "$ref": "#/components/responses/EasemobUnauthorized"
          },
          "403": {
            "$ref": "#/components/responses/EasemobForbidden"
          },
          "404": {
            "$ref": "#/components/responses/EasemobNotFound"
          },
          "429": {
            "$ref": "#/components/responses/EasemobRateLimited"
          },
          "500": {
            "$ref": "#/components/responses/EasemobInternal"
          }
        },
        "tags": [
          "Users"
        ]
      }
    },
    "/users/{username}": {
      "get": {
        "operationId": "getUser",
        "summary": "One user",
        "parameters": [
          {
            "name": "username",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string",
              "minLength": 1
            },
            "example": "user3"
          }
        ],
        "responses": {
          "200": {
            "description": "Easemob envelope.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/EasemobEnvelope"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/EasemobBadRequest"
          },
          "401": {
            "$ref": "#/components/responses/EasemobUnauthorized"
          },
          "403": {
            "$ref": "#/components/responses/EasemobForbidden"
          },
          "404": {
            "$ref": "#/components/responses/EasemobNotFound"
          },
          "429": {
            "$ref": "#/components/responses/EasemobRateLimited"
          },
          "500": {
            "$ref": "#/components/responses/EasemobInternal"
          }
        },
        "tags": [
          "Users"
        ]
      },
      "delete": {
        "operationId": "deleteUser",
        "summary": "Delete a user with the full cascade",
        "description": "One transaction: connections closed, devices, system uid, list memberships, conversations on both sides, person channels and their messages, and channels the user owns are removed; its group messages stay unless purge_messages=true. Audited with counts. Admin only.",
        "parameters": [
          {
            "name": "username",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string",
              "minLength": 1
            },
            "example": "user3"
          },
          {
            "name": "purge_messages",
            "in": "query",
            "schema": {
              "type": "string",
              "enum": [
                "true",
                "false"
              ]
            },
            "example": "false",
            "description": "true: also delete the messages the user sent in the channels it belongs to."
          }
        ],
        "responses": {
          "200": {
            "description": "Easemob envelope.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/EasemobEnvelope"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/EasemobBadRequest"
          },
          "401": {
            "$ref": "#/components/responses/EasemobUnauthorized"
          },
          "403": {
            "$ref": "#/components/responses/EasemobForbidden"
          },
          "404": {
            "$ref": "#/components/responses/EasemobNotFound"
          },
          "429": {
            "$ref": "#/components/responses/EasemobRateLimited"
          },
          "500": {
            "$ref": "#/components/responses/EasemobInternal"
          }
        },
        "tags": [
          "Users"
        ]
      }
    },
    "/{org_name}/{app_name}/users/{username}": {
      "get": {
        "operationId": "getUserInApp",
        "summary": "One user",
        "parameters": [
          {
            "name": "org_name",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string"
            },
            "example": "jindou",
            "description": "Must be the configured organization (JINDOU_ORG), else 404 organization_application_not_found."
          },
          {
            "name": "app_name",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string"
            },
            "example": "default",
            "description": "Must be the configured application (JINDOU_APP)."
          },
          {
            "name": "username",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string",
              "minLength": 1
            },
            "example": "user3"
          }
        ],
        "responses": {
          "200": {
            "description": "Easemob envelope.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/EasemobEnvelope"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/EasemobBadRequest"
          },
          "401": {
            "$ref": "#/components/responses/EasemobUnauthorized"
          },
          "403": {
            "$ref": "#/components/responses/EasemobForbidden"
          },
          "404": {
            "$ref": "#/components/responses/EasemobNotFound"
          },
          "429": {
            "$ref": "#/components/responses/EasemobRateLimited"
          },
          "500": {
            "$ref": "#/components/responses/EasemobInternal"
          }
        },
        "tags": [
          "Users"
        ]
      },
      "delete": {
        "operationId": "deleteUserInApp",
        "summary": "Delete a user with the full cascade",
        "description": "One transaction: connections closed, devices, system uid, list memberships, conversations on both sides, person channels and their messages, and channels the user owns are removed; its group messages stay unless purge_messages=true. Audited with counts. Admin only.",
        "parameters": [
          {
            "name": "org_name",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string"
            },
            "example": "jindou",
            "description": "Must be the configured organization (JINDOU_ORG), else 404 organization_application_not_found."
          },
          {
            "name": "app_name",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string"
            },
            "example": "default",
            "description": "Must be the configured application (JINDOU_APP)."
          },
          {
            "name": "username",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string",
              "minLength": 1
            },
            "example": "user3"
          },
          {
            "name": "purge_messages",
            "in": "query",
            "schema": {
              "type": "string",
              "enum": [
                "true",
                "false"
              ]
            },
            "example": "false",
            "description": "true: also delete the messages the user sent in the channels it belongs to."
          }
        ],
        "responses": {
          "200": {
            "description": "Easemob envelope.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/EasemobEnvelope"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/EasemobBadRequest"
          },
          "401": {
            "$ref": "#/components/responses/EasemobUnauthorized"
          },
          "403": {
            "$ref": "#/components/responses/EasemobForbidden"
          },
          "404": {
            "$ref": "#/components/responses/EasemobNotFound"
          },
          "429": {
            "$ref": "#/components/responses/EasemobRateLimited"
          },
          "500": {
            "$ref": "#/components/responses/EasemobInternal"
          }
        },
        "tags": [
          "Users"
        ]
      }
    },
    "/users/{username}/deactivate": {
      "post": {
        "operationId": "banUser",
        "summary": "Ban: close connections, refuse connect and send (19)",
        "description": "Admin only.",
        "parameters": [
          {
            "name": "username",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string",
              "minLength": 1
            },
            "example": "user3"
          }
        ],
        "responses": {
          "200": {
            "description": "Easemob envelope.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/EasemobEnvelope"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/EasemobBadRequest"
          },
          "401": {
            "$ref": "#/components/responses/EasemobUnauthorized"
          },
          "403": {
            "$ref": "#/components/responses/EasemobForbidden"
          },
          "404": {
            "$ref": "#/components/responses/EasemobNotFound"
          },
          "429": {
            "$ref": "#/components/responses/EasemobRateLimited"
          },
          "500": {
            "$ref": "#/components/responses/EasemobInternal"
          }
        },
        "tags": [
          "Users"
        ]
      }
    },
    "/{org_name}/{app_name}/users/{username}/deactivate": {
      "post": {
        "operationId": "banUserInApp",
        "summary": "Ban: close connections, refuse connect and send (19)",
        "description": "Admin only.",
        "parameters": [
          {
            "name": "org_name",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string"
            },
            "example": "jindou",
            "description": "Must be the configured organization (JINDOU_ORG), else 404 organization_application_not_found."
          },
          {
            "name": "app_name",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string"
            },
            "example": "default",
            "description": "Must be the configured application (JINDOU_APP)."
          },
          {
            "name": "username",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string",
              "minLength": 1
            },
            "example": "user3"
          }
        ],
        "responses": {
          "200": {
            "description": "Easemob envelope.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/EasemobEnvelope"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/EasemobBadRequest"
          },
          "401": {
            "$ref": "#/components/responses/EasemobUnauthorized"
          },
          "403": {
            "$ref": "#/components/responses/EasemobForbidden"
          },
          "404": {
            "$ref": "#/components/responses/EasemobNotFound"
          },
          "429": {
            "$ref": "#/components/responses/EasemobRateLimited"
          },
          "500": {
            "$ref": "#/components/responses/EasemobInternal"
          }
        },
        "tags": [
          "Users"
        ]
      }
    },
    "/users/{username}/activate": {
      "post": {
        "operationId": "unbanUser",
        "summary": "Unban",
        "description": "Admin only.",
        "parameters": [
          {
            "name": "username",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string",
              "minLength": 1
            },
            "example": "user3"
          }
        ],
        "responses": {
          "200": {
            "description": "Easemob envelope.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/EasemobEnvelope"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/EasemobBadRequest"
          },
          "401": {
            "$ref": "#/components/responses/EasemobUnauthorized"
          },
          "403": {
            "$ref": "#/components/responses/EasemobForbidden"
          },
          "404": {
            "$ref": "#/components/responses/EasemobNotFound"
          },
          "429": {
            "$ref": "#/components/responses/EasemobRateLimited"
          },
          "500": {
            "$ref": "#/components/responses/EasemobInternal"
          }
        },
        "tags": [
          "Users"
        ]
      }
    },
    "/{org_name}/{app_name}/users/{username}/activate": {
      "post": {
        "operationId": "unbanUserInApp",
        "summary": "Unban",
        "description": "Admin only.",
        "parameters": [
          {
            "name": "org_name",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string"
            },
            "example": "jindou",
            "description": "Must be the configured organization (JINDOU_ORG), else 404 organization_application_not_found."
          },
          {
            "name": "app_name",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string"
            },
            "example": "default",
            "description": "Must be the configured application (JINDOU_APP)."
          },
          {
            "name": "username",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string",
              "minLength": 1
            },
            "example": "user3"
          }
        ],
        "responses": {
          "200": {
            "description": "Easemob envelope.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/EasemobEnvelope"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/EasemobBadRequest"
          },
          "401": {
            "$ref": "#/components/responses/EasemobUnauthorized"
          },
          "403": {
            "$ref": "#/components/responses/EasemobForbidden"
          },
          "404": {
            "$ref": "#/components/responses/EasemobNotFound"
          },
          "429": {
            "$ref": "#/components/responses/EasemobRateLimited"
          },
          "500": {
            "$ref": "#/components/responses/EasemobInternal"
          }
        },
        "tags": [
          "Users"
        ]
      }
    },
    "/users/{username}/disconnect": {
      "get": {
        "operationId": "disconnectUser",
        "summary": "Force logout of every device (re-login allowed)",
        "parameters": [
          {
            "name": "username",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string",
              "minLength": 1
            },
            "example": "user3"
          }
        ],
        "responses": {
          "200": {
            "description": "Easemob envelope.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/EasemobEnvelope"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/EasemobBadRequest"
          },
          "401": {
            "$ref": "#/components/responses/EasemobUnauthorized"
          },
          "403": {
            "$ref": "#/components/responses/EasemobForbidden"
          },
          "404": {
            "$ref": "#/components/responses/EasemobNotFound"
          },
          "429": {
            "$ref": "#/components/responses/EasemobRateLimited"
          },
          "500": {
            "$ref": "#/components/responses/EasemobInternal"
          }
        },
        "tags": [
          "Users"
        ]
      }
    },
    "/{org_name}/{app_name}/users/{username}/disconnect": {
      "get": {
        "operationId": "disconnectUserInApp",
        "summary": "Force logout of every device (re-login allowed)",
        "parameters": [
          {
            "name": "org_name",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string"
            },
            "example": "jindou",
            "description": "Must be the configured organization (JINDOU_ORG), else 404 organization_application_not_found."
          },
          {
            "name": "app_name",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string"
            },
            "example": "default",
            "description": "Must be the configured application (JINDOU_APP)."
          },
          {
            "name": "username",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string",
              "minLength": 1
            },
            "example": "user3"
          }
        ],
        "responses": {
          "200": {
            "description": "Easemob envelope.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/EasemobEnvelope"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/EasemobBadRequest"
          },
          "401": {
            "$ref": "#/components/responses/EasemobUnauthorized"
          },
          "403": {
            "$ref": "#/components/responses/EasemobForbidden"
          },
          "404": {
            "$ref": "#/components/responses/EasemobNotFound"
          },
          "429": {
            "$ref": "#/components/responses/EasemobRateLimited"
          },
          "500": {
            "$ref": "#/components/responses/EasemobInternal"
          }
        },
        "tags": [
          "Users"
        ]
      }
    }
  },
  "components": {
    "schemas": {
      "OK": {
        "type": "object",
        "description": "The body of every successful mutation.",
        "required": [
          "status"
        ],
        "properties": {
          "status": {
            "type": "string",
            "enum": [
              "ok"
            ],
            "description": "Always `ok`.",
            "example": "ok"
          }
        },
        "example": {
          "status": "ok"
        }
      },
      "Error": {
        "type": "object",
        "description": "The envelope of every error: the real HTTP status and a message.",
        "required": [
          "status",
          "msg"
        ],
        "properties": {
          "status": {
            "type": "integer",
            "description": "The HTTP status code of the response, repeated in the body.",
            "example": 400
          },
          "msg": {
            "type": "string",
            "description": "What went wrong; for a validation error it names the field.",
            "example": "Channel ID cannot be empty"
          },
          "reason_code": {
            "type": "integer",
            "description": "Only on `/message/send` refusals: the WKProto reason code (3 subscriber does not exist, 4 in denylist, 5 channel does not exist, 11 not allowed to send, 13 not in allowlist, 19 ban, 22 rate limit, 24 disband, 25 send ban, 28 idempotency conflict).",
            "example": 3,
            "minimum": 0,
            "maximum": 255
          }
        },
        "example": {
          "status": 400,
          "msg": "Channel ID cannot be empty"
        }
      },
      "MessageHeader": {
        "type": "object",
        "description": "Message flags as 0/1 integers (omitted = 0).",
        "properties": {
          "no_persist": {
            "type": "integer",
            "enum": [
              0,
              1
            ],
            "default": 0,
            "description": "1: the message is delivered to online devices but not stored (its message_seq is 0).",
            "example": 0
          },
          "red_dot": {
            "type": "integer",
            "enum": [
              0,
              1
            ],
            "default": 0,
            "description": "1: clients show an unread badge for the message.",
            "example": 0
          },
          "sync_once": {
            "type": "integer",
            "enum": [
              0,
              1
            ],
            "default": 0,
            "description": "1: the message is synced only once (command-like messages).",
            "example": 0
          }
        },
        "example": {
          "no_persist": 0,
          "red_dot": 1,
          "sync_once": 0
        }
      },
      "Message": {
        "type": "object",
        "description": "A stored message as the API renders it (WuKongIM `MessageResp`).",
        "required": [
          "header",
          "setting",
          "message_id",
          "message_idstr",
          "client_msg_no",
          "message_seq",
          "from_uid",
          "channel_id",
          "channel_type",
          "expire",
          "timestamp",
          "payload"
        ],
        "properties": {
          "header": {
            "$ref": "#/components/schemas/MessageHeader"
          },
          "setting": {
            "type": "integer",
            "description": "The message's setting bits (uint8).",
            "example": 0,
            "minimum": 0,
            "maximum": 255
          },
          "message_id": {
            "type": "integer",
            "format": "int64",
            "description": "Server-assigned unique message id.",
            "example": 1839276400254976
          },
          "message_idstr": {
            "type": "string",
            "description": "`message_id` as a decimal string (for JavaScript clients).",
            "example": "1839276400254976"
          },
          "client_msg_no": {
            "type": "string",
            "description": "The sender's idempotency key.",
            "example": "msg-0001"
          },
          "message_seq": {
            "type": "integer",
            "format": "int64",
            "description": "Sequence number of the message in its channel (from 1; 0 for a message that was not stored).",
            "minimum": 0,
            "example": 1
          },
          "from_uid": {
            "type": "string",
            "description": "The sender; empty for messages sent as the system user `____system`.",
            "example": "user1"
          },
          "channel_id": {
            "type": "string",
            "description": "The channel. For person messages this is the recipient: the participant that is not `from_uid`.",
            "example": "group1"
          },
          "channel_type": {
            "type": "integer",
            "minimum": 0,
            "maximum": 255,
            "description": "Channel type (uint8).",
            "example": 2
          },
          "topic": {
            "type": "string",
            "description": "The message's topic; omitted when it has none.",
            "example": "news"
          },
          "expire": {
            "type": "integer",
            "description": "Seconds after which the message expires (0 = never).",
            "example": 0,
            "minimum": 0,
            "maximum": 4294967295
          },
          "timestamp": {
            "type": "integer",
            "description": "When the server stored the message, in Unix seconds.",
            "example": 1767225600
          },
          "payload": {
            "type": "string",
            "description": "The message content, base64.",
            "example": "eyJ0eXBlIjoxLCJjb250ZW50IjoiaGVsbG8ifQ==",
            "format": "byte"
          }
        },
        "example": {
          "header": {
            "no_persist": 0,
            "red_dot": 1,
            "sync_once": 0
          },
          "setting": 0,
          "message_id": 1839276400254976,
          "message_idstr": "1839276400254976",
          "client_msg_no": "msg-0001",
          "message_seq": 1,
          "from_uid": "user1",
          "channel_id": "group1",
          "channel_type": 2,
          "expire": 0,
          "timestamp": 1767225600,
          "payload": "eyJ0eXBlIjoxLCJjb250ZW50IjoiaGVsbG8ifQ=="
        }
      },
      "Conversation": {
        "type": "object",
        "description": "One conversation of a user.",
        "required": [
          "channel_id",
          "channel_type",
          "unread",
          "timestamp",
          "last_msg_seq",
          "last_client_msg_no",
          "offset_msg_seq",
          "readed_to_msg_seq",
          "version",
          "recents"
        ],
        "properties": {
          "channel_id": {
            "type": "string",
            "description": "The channel; for a person conversation the peer's uid.",
            "example": "group1"
          },
          "channel_type": {
            "type": "integer",
            "minimum": 0,
            "maximum": 255,
            "description": "Channel type (uint8).",
            "example": 2
          },
          "unread": {
            "type": "integer",
            "description": "Unread messages: the channel's last seq minus the user's read seq.",
            "example": 1,
            "minimum": 0
          },
          "timestamp": {
            "type": "integer",
            "description": "Time of the last message, Unix seconds.",
            "example": 1767225600
          },
          "last_msg_seq": {
            "type": "integer",
            "format": "int64",
            "description": "Seq of the channel's last message.",
            "minimum": 0,
            "example": 1
          },
          "last_client_msg_no": {
            "type": "string",
            "description": "client_msg_no of the last message.",
            "example": "msg-0001"
          },
          "offset_msg_seq": {
            "type": "integer",
            "format": "int64",
            "description": "Seq before which the user cleared the conversation's messages.",
            "minimum": 0,
            "example": 0
          },
          "readed_to_msg_seq": {
            "type": "integer",
            "format": "int64",
            "description": "Seq the user has read up to.",
            "minimum": 0,
            "example": 0
          },
          "version": {
            "type": "integer",
            "format": "int64",
            "description": "Change marker of the conversation (the last message's time in nanoseconds).",
            "example": 1767225600000000000
          },
          "recents": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Message"
            },
            "description": "The newest messages, newest first (at most msg_count)."
          }
        },
        "example": {
          "channel_id": "group1",
          "channel_type": 2,
          "unread": 1,
          "timestamp": 1767225600,
          "last_msg_seq": 1,
          "last_client_msg_no": "msg-0001",
          "offset_msg_seq": 0,
          "readed_to_msg_seq": 0,
          "version": 1767225600000000000,
          "recents": [
            {
              "header": {
                "no_persist": 0,
                "red_dot": 1,
                "sync_once": 0
              },
              "setting": 0,
              "message_id": 1839276400254976,
              "message_idstr": "1839276400254976",
              "client_msg_no": "msg-0001",
              "message_seq": 1,
              "from_uid": "user1",
              "channel_id": "group1",
              "channel_type": 2,
              "expire": 0,
              "timestamp": 1767225600,
              "payload": "eyJ0eXBlIjoxLCJjb250ZW50IjoiaGVsbG8ifQ=="
            }
          ]
        }
      },
      "ChannelRef": {
        "type": "object",
        "description": "A channel named by id and type.",
        "required": [
          "channel_id",
          "channel_type"
        ],
        "properties": {
          "channel_id": {
            "type": "string",
            "description": "The channel; for a person conversation the peer's uid.",
            "example": "group1"
          },
          "channel_type": {
            "type": "integer",
            "minimum": 0,
            "maximum": 255,
            "description": "Channel type (uint8).",
            "example": 2
          }
        },
        "example": {
          "channel_id": "group1",
          "channel_type": 2
        }
      },
      "OnlineStatus": {
        "type": "object",
        "description": "One live connection of a user.",
        "required": [
          "uid",
          "device_flag",
          "online"
        ],
        "properties": {
          "uid": {
            "type": "string",
            "description": "The user.",
            "example": "user1"
          },
          "device_flag": {
            "type": "integer",
            "description": "The connection's device flag: 0 app, 1 web, 2 pc.",
            "example": 0,
            "minimum": 0,
            "maximum": 255
          },
          "online": {
            "type": "integer",
            "description": "Always 1.",
            "example": 1,
            "enum": [
              1
            ]
          }
        },
        "example": {
          "uid": "user1",
          "device_flag": 0,
          "online": 1
        }
      },
      "RouteAddresses": {
        "type": "object",
        "description": "Where clients connect.",
        "required": [
          "tcp_addr",
          "ws_addr",
          "wss_addr"
        ],
        "properties": {
          "tcp_addr": {
            "type": "string",
            "description": "HOST:PORT of the WKProto TCP listener.",
            "example": "127.0.0.1:5100"
          },
          "ws_addr": {
            "type": "string",
            "description": "Address of the WebSocket listener.",
            "example": "ws://127.0.0.1:5200"
          },
          "wss_addr": {
            "type": "string",
            "description": "Address of the TLS WebSocket listener; empty when none is configured.",
            "example": ""
          }
        },
        "example": {
          "tcp_addr": "127.0.0.1:5100",
          "ws_addr": "ws://127.0.0.1:5200",
          "wss_addr": ""
        }
      },
      "RouteBatchItem": {
        "type": "object",
        "description": "Addresses for a group of users.",
        "required": [
          "tcp_addr",
          "ws_addr",
          "wss_addr",
          "uids"
        ],
        "properties": {
          "tcp_addr": {
            "type": "string",
            "description": "HOST:PORT of the WKProto TCP listener.",
            "example": "127.0.0.1:5100"
          },
          "ws_addr": {
            "type": "string",
            "description": "Address of the WebSocket listener.",
            "example": "ws://127.0.0.1:5200"
          },
          "wss_addr": {
            "type": "string",
            "description": "Address of the TLS WebSocket listener; empty when none is configured.",
            "example": ""
          },
          "uids": {
            "type": "array",
            "items": {
              "type": "string"
            },
            "description": "The users that connect to these addresses."
          }
        },
        "example": {
          "tcp_addr": "127.0.0.1:5100",
          "ws_addr": "ws://127.0.0.1:5200",
          "wss_addr": "",
          "uids": [
            "user1",
            "user2"
          ]
        }
      },
      "Connection": {
        "type": "object",
        "description": "One live client connection.",
        "required": [
          "id",
          "uid",
          "device_flag",
          "device_id",
          "device_level",
          "protocol_version",
          "transport",
          "remote_addr",
          "connected_at"
        ],
        "properties": {
          "id": {
            "type": "integer",
            "format": "int64",
            "description": "Connection id (the `conn_id` of /conn/kick and /conn/remove).",
            "example": 1
          },
          "uid": {
            "type": "string",
            "description": "The user.",
            "example": "user1"
          },
          "device_flag": {
            "type": "integer",
            "description": "0 app, 1 web, 2 pc.",
            "example": 0,
            "minimum": 0,
            "maximum": 255
          },
          "device_id": {
            "type": "string",
            "description": "The device id the client sent in CONNECT.",
            "example": "device-1"
          },
          "device_level": {
            "type": "integer",
            "description": "0 slave, 1 master.",
            "example": 1,
            "minimum": 0,
            "maximum": 255
          },
          "protocol_version": {
            "type": "integer",
            "description": "WKProto version negotiated with the client.",
            "example": 5,
            "minimum": 0,
            "maximum": 255
          },
          "transport": {
            "type": "string",
            "description": "How the client is connected.",
            "example": "tcp",
            "enum": [
              "tcp",
              "ws"
            ]
          },
          "remote_addr": {
            "type": "string",
            "description": "The client's address.",
            "example": "127.0.0.1:53122"
          },
          "connected_at": {
            "type": "integer",
            "description": "When the connection was authenticated, Unix seconds.",
            "example": 1767225600
          }
        }
      },
      "SystemUserDetail": {
        "type": "object",
        "required": [
          "uid",
          "is_system_user",
          "online",
          "connections",
          "devices",
          "protected"
        ],
        "properties": {
          "uid": {
            "type": "string"
          },
          "is_system_user": {
            "type": "boolean"
          },
          "online": {
            "type": "boolean",
            "description": "Has a live connection."
          },
          "connections": {
            "type": "integer",
            "minimum": 0
          },
          "devices": {
            "type": "integer",
            "minimum": 0,
            "description": "Devices holding a token."
          },
          "last_active_at": {
            "type": "integer",
            "format": "int64",
            "description": "Unix milliseconds of the last connect, disconnect or send; absent if never seen."
          },
          "protected": {
            "type": "boolean",
            "description": "Configured as protected: cannot be removed."
          }
        }
      },
      "SystemUIDsDryRun": {
        "type": "object",
        "required": [
          "dry_run",
          "removable",
          "uids"
        ],
        "properties": {
          "dry_run": {
            "type": "boolean",
            "enum": [
              true
            ]
          },
          "removable": {
            "type": "boolean",
            "description": "Whether the same call without dry_run would succeed."
          },
          "uids": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/SystemUserDetail"
            }
          }
        }
      },
      "AuditEntry": {
        "type": "object",
        "required": [
          "id",
          "time",
          "actor",
          "client_ip",
          "user_agent",
          "action",
          "uids",
          "channel_id",
          "channel_type",
          "reason",
          "before",
          "after"
        ],
        "properties": {
          "id": {
            "type": "integer",
            "format": "int64"
          },
          "time": {
            "type": "integer",
            "format": "int64",
            "description": "Unix milliseconds."
          },
          "actor": {
            "type": "string",
            "description": "The API token name (`open` without tokens)."
          },
          "client_ip": {
            "type": "string"
          },
          "user_agent": {
            "type": "string"
          },
          "action": {
            "type": "string",
            "description": "systemuids_add, systemuids_remove, systemuids_add_to_cache, systemuids_remove_from_cache, whitelist_add|remove|set|remove_all, blacklist_…, channel_flags, device_quit, conn_kick, conn_remove, user_ban, user_unban, user_delete."
          },
          "uids": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "channel_id": {
            "type": "string"
          },
          "channel_type": {
            "type": "integer"
          },
          "reason": {
            "type": "string"
          },
          "before": {
            "type": "object",
            "description": "The affected state before the change."
          },
          "after": {
            "type": "object",
            "description": "The affected state after the change."
          }
        }
      },
      "EasemobEntity": {
        "type": "object",
        "required": [
          "uuid",
          "type",
          "created",
          "modified",
          "username",
          "activated"
        ],
        "properties": {
          "uuid": {
            "type": "string"
          },
          "type": {
            "type": "string",
            "enum": [
              "user"
            ]
          },
          "created": {
            "type": "integer",
            "format": "int64",
            "description": "Unix milliseconds."
          },
          "modified": {
            "type": "integer",
            "format": "int64",
            "description": "Unix milliseconds."
          },
          "username": {
            "type": "string"
          },
          "activated": {
            "type": "boolean",
            "description": "false = banned."
          },
          "nickname": {
            "type": "string"
          }
        }
      },
      "EasemobEnvelope": {
        "type": "object",
        "required": [
          "action",
          "application",
          "path",
          "uri",
          "timestamp",
          "duration",
          "organization",
          "applicationName"
        ],
        "properties": {
          "action": {
            "type": "string"
          },
          "application": {
            "type": "string",
            "description": "The application uuid."
          },
          "path": {
            "type": "string"
          },
          "uri": {
            "type": "string"
          },
          "entities": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/EasemobEntity"
            }
          },
          "data": {
            "description": "Route-specific: batch registration failures `[{username, registerUserFailReason}]`, or `{result}` for disconnect."
          },
          "timestamp": {
            "type": "integer",
            "format": "int64"
          },
          "duration": {
            "type": "integer",
            "format": "int64"
          },
          "organization": {
            "type": "string"
          },
          "applicationName": {
            "type": "string"
          },
          "cursor": {
            "type": "string",
            "description": "Pass back as `cursor` for the next page; absent on the last page."
          },
          "count": {
            "type": "integer"
          }
        }
      },
      "EasemobError": {
        "type": "object",
        "required": [
          "error",
          "exception",
          "timestamp",
          "duration",
          "error_description"
        ],
        "properties": {
          "error": {
            "type": "string",
            "description": "illegal_argument, duplicate_unique_property_exists, unauthorized, forbidden_op, organization_application_not_found, service_resource_not_found, request_entity_too_large, resource_limited, internal_server_error."
          },
          "exception": {
            "type": "string"
          },
          "timestamp": {
            "type": "integer",
            "format": "int64"
          },
          "duration": {
            "type": "integer"
          },
          "error_description": {
            "type": "string"
          }
        }
      },
      "Health": {
        "type": "object",
        "description": "The body of a health check.",
        "required": [
          "status"
        ],
        "properties": {
          "status": {
            "type": "string",
            "enum": [
              "ok",
              "degraded"
            ],
            "description": "`ok`, or `degraded` when the server cannot take traffic.",
            "example": "ok"
          },
          "reason": {
            "type": "string",
            "description": "Why the server is degraded.",
            "example": "the database cannot write: storage ioFailure: database or disk is full"
          }
        }
      }
    },
    "responses": {
      "BadRequest": {
        "description": "The request is invalid: malformed JSON, a field of the wrong type or a value out of range. `msg` names the field.",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            },
            "example": {
              "status": 400,
              "msg": "Channel ID cannot be empty"
            }
          }
        }
      },
      "InternalError": {
        "description": "An unexpected server error.",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            },
            "example": {
              "status": 500,
              "msg": "Internal server error"
            }
          }
        }
      },
      "NotFound": {
        "description": "The resource the request names does not exist.",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            },
            "example": {
              "status": 404,
              "msg": "Channel does not exist"
            }
          }
        }
      },
      "OK": {
        "description": "Done.",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/OK"
            },
            "example": {
              "status": "ok"
            }
          }
        }
      },
      "PayloadTooLarge": {
        "description": "The request body is larger than 4 MiB, or a list in it has more entries than its limit (`maxItems`); the message names the field and the limit.",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            },
            "example": {
              "status": 413,
              "msg": "Request body is larger than 4194304 bytes"
            }
          }
        }
      },
      "UnsupportedMediaType": {
        "description": "The request body is not declared `Content-Type: application/json` (parameters such as `charset` are allowed).",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            },
            "example": {
              "status": 415,
              "msg": "Content-Type must be application/json"
            }
          }
        }
      },
      "SendConflict": {
        "description": "`client_msg_no` was already used for a different message (`reason_code` 28).",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            },
            "example": {
              "status": 409,
              "msg": "client_msg_no was already used with a different payload (reason 28)",
              "reason_code": 28
            }
          }
        }
      },
      "SendForbidden": {
        "description": "The send was refused by a channel or sender rule; `reason_code` tells which (3, 4, 11, 13, 19, 24 or 25).",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            },
            "example": {
              "status": 403,
              "msg": "Sender is not a subscriber of the channel (reason 3)",
              "reason_code": 3
            }
          }
        }
      },
      "SendNotFound": {
        "description": "The channel does not exist (`reason_code` 5).",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            },
            "example": {
              "status": 404,
              "msg": "Channel does not exist (reason 5)",
              "reason_code": 5
            }
          }
        }
      },
      "SendRateLimited": {
        "description": "The sender exceeded its send rate (`reason_code` 22). Also the per-token API rate limit (with `Retry-After`).",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            },
            "example": {
              "status": 429,
              "msg": "Send rate limit exceeded (reason 22)",
              "reason_code": 22
            }
          }
        },
        "headers": {
          "Retry-After": {
            "description": "Whole seconds until the next request is allowed.",
            "schema": {
              "type": "integer",
              "minimum": 1
            }
          }
        }
      },
      "Unauthorized": {
        "description": "No API token, or an unknown one (only when tokens are configured).",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            },
            "example": {
              "status": 401,
              "msg": "The API token is not valid"
            }
          }
        }
      },
      "Forbidden": {
        "description": "The token's role does not cover this route, or the uids are protected system users.",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            },
            "example": {
              "status": 403,
              "msg": "No administrative permission"
            }
          }
        }
      },
      "TooManyRequests": {
        "description": "The token's rate limit is exceeded; retry after `Retry-After` seconds.",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            },
            "example": {
              "status": 429,
              "msg": "Rate limit of the user-management routes exceeded"
            }
          }
        },
        "headers": {
          "Retry-After": {
            "description": "Whole seconds until the next request is allowed.",
            "schema": {
              "type": "integer",
              "minimum": 1
            }
          }
        }
      },
      "EasemobBadRequest": {
        "description": "Invalid request (names the field or the rule).",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/EasemobError"
            },
            "example": {
              "error": "illegal_argument",
              "exception": "Exception",
              "timestamp": 1700000000000,
              "duration": 0,
              "error_description": "Invalid request (names the field or the rule)."
            }
          }
        }
      },
      "EasemobUnauthorized": {
        "description": "No API token, or an unknown one.",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/EasemobError"
            },
            "example": {
              "error": "unauthorized",
              "exception": "Exception",
              "timestamp": 1700000000000,
              "duration": 0,
              "error_description": "No API token, or an unknown one."
            }
          }
        }
      },
      "EasemobForbidden": {
        "description": "The token role does not cover this route.",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/EasemobError"
            },
            "example": {
              "error": "forbidden_op",
              "exception": "Exception",
              "timestamp": 1700000000000,
              "duration": 0,
              "error_description": "The token role does not cover this route."
            }
          }
        }
      },
      "EasemobNotFound": {
        "description": "No such user, or the organization/application in the path is not this one.",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/EasemobError"
            },
            "example": {
              "error": "service_resource_not_found",
              "exception": "Exception",
              "timestamp": 1700000000000,
              "duration": 0,
              "error_description": "No such user, or the organization/application in the path is not this one."
            }
          }
        }
      },
      "EasemobTooLarge": {
        "description": "The body is larger than 4 MiB.",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/EasemobError"
            },
            "example": {
              "error": "request_entity_too_large",
              "exception": "Exception",
              "timestamp": 1700000000000,
              "duration": 0,
              "error_description": "The body is larger than 4 MiB."
            }
          }
        }
      },
      "EasemobUnsupportedMediaType": {
        "description": "The body is not declared `Content-Type: application/json`.",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/EasemobError"
            },
            "example": {
              "error": "unsupported_media_type",
              "exception": "UnsupportedMediaTypeException",
              "timestamp": 1700000000000,
              "duration": 0,
              "error_description": "Content-Type must be application/json"
            }
          }
        }
      },
      "EasemobRateLimited": {
        "description": "The token exceeded the user-management rate limit.",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/EasemobError"
            },
            "example": {
              "error": "resource_limited",
              "exception": "Exception",
              "timestamp": 1700000000000,
              "duration": 0,
              "error_description": "The token exceeded the user-management rate limit."
            }
          }
        },
        "headers": {
          "Retry-After": {
            "description": "Whole seconds.",
            "schema": {
              "type": "integer",
              "minimum": 1
            }
          }
        }
      },
      "EasemobInternal": {
        "description": "Internal error.",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/EasemobError"
            },
            "example": {
              "error": "internal_server_error",
              "exception": "Exception",
              "timestamp": 1700000000000,
              "duration": 0,
              "error_description": "Internal error."
            }
          }
        }
      },
      "Ready": {
        "description": "Ready.",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Health"
            },
            "example": {
              "status": "ok"
            }
          }
        }
      },
      "NotReady": {
        "description": "Not ready: the store cannot write, or the server is shutting down.",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Health"
            },
            "example": {
              "status": "degraded",
              "reason": "the database cannot write: storage ioFailure: database or disk is full"
            }
          }
        }
      }
    },
    "securitySchemes": {
      "TokenHeader": {
        "type": "apiKey",
        "in": "header",
        "name": "token",
        "description": "An API token (WuKongIM convention)."
      },
      "BearerAuth": {
        "type": "http",
        "scheme": "bearer",
        "description": "The same API token as `Authorization: Bearer <token>`."
      }
    }
  },
  "security": [
    {
      "TokenHeader": []
    },
    {
      "BearerAuth": []
    },
    {}
  ]
}
"""#
}
