/**
 * Push event streams recorded from the real engines (a busybox layer and a 6 MB random layer pushed to the open
 * registry), each event with the milliseconds since the push started: the first push of the image, then the same
 * push again (every layer already present).
 */

/** One recorded event: `t` ms after the push started. */
export interface RecordedEvent {
  readonly t: number;
  readonly e: Record<string, unknown>;
}

/** Engine 20.10: Preparing, a layer mounted from another repository, Pushing with progressDetail, Pushed, aux digest. */
export const ENGINE_20_FIRST_PUSH: readonly RecordedEvent[] = [
  { t: 0, e: { status: "The push refers to repository [localhost:5000/tests/push15-rec]" } },
  { t: 3, e: { status: "Preparing", progressDetail: {}, id: "b540d6b317b0" } },
  { t: 4, e: { status: "Preparing", progressDetail: {}, id: "9194f4cb1cd6" } },
  { t: 18, e: { status: "Mounted from tests/e2e-conn-move-mx1v2wyddzk2", progressDetail: {}, id: "9194f4cb1cd6" } },
  {
    t: 19,
    e: {
      status: "Pushing",
      progressDetail: { current: 66048, total: 6000000 },
      progress: "[>                                                  ]  66.05kB/6MB",
      id: "b540d6b317b0",
    },
  },
  {
    t: 123,
    e: {
      status: "Pushing",
      progressDetail: { current: 1049088, total: 6000000 },
      progress: "[========>                                          ]  1.049MB/6MB",
      id: "b540d6b317b0",
    },
  },
  {
    t: 231,
    e: {
      status: "Pushing",
      progressDetail: { current: 2097664, total: 6000000 },
      progress: "[=================>                                 ]  2.098MB/6MB",
      id: "b540d6b317b0",
    },
  },
  {
    t: 328,
    e: {
      status: "Pushing",
      progressDetail: { current: 3277312, total: 6000000 },
      progress: "[===========================>                       ]  3.277MB/6MB",
      id: "b540d6b317b0",
    },
  },
  {
    t: 444,
    e: {
      status: "Pushing",
      progressDetail: { current: 4456960, total: 6000000 },
      progress: "[=====================================>             ]  4.457MB/6MB",
      id: "b540d6b317b0",
    },
  },
  {
    t: 557,
    e: {
      status: "Pushing",
      progressDetail: { current: 4981248, total: 6000000 },
      progress: "[=========================================>         ]  4.981MB/6MB",
      id: "b540d6b317b0",
    },
  },
  {
    t: 683,
    e: {
      status: "Pushing",
      progressDetail: { current: 6001664, total: 6000000 },
      progress: "[==================================================>]  6.002MB",
      id: "b540d6b317b0",
    },
  },
  { t: 726, e: { status: "Pushed", progressDetail: {}, id: "b540d6b317b0" } },
  {
    t: 784,
    e: { status: "one: digest: sha256:57253f21d27fe02ea9ad028fa7b6443301b38741ccb8fc325d90432901b6649f size: 739" },
  },
  {
    t: 787,
    e: {
      progressDetail: {},
      aux: { Tag: "one", Digest: "sha256:57253f21d27fe02ea9ad028fa7b6443301b38741ccb8fc325d90432901b6649f", Size: 739 },
    },
  },
];

/** Engine 20.10, the same push again. */
export const ENGINE_20_AGAIN: readonly RecordedEvent[] = [
  { t: 0, e: { status: "The push refers to repository [localhost:5000/tests/push15-rec]" } },
  { t: 0, e: { status: "Preparing", progressDetail: {}, id: "b540d6b317b0" } },
  { t: 0, e: { status: "Preparing", progressDetail: {}, id: "9194f4cb1cd6" } },
  { t: 0, e: { status: "Layer already exists", progressDetail: {}, id: "b540d6b317b0" } },
  { t: 0, e: { status: "Layer already exists", progressDetail: {}, id: "9194f4cb1cd6" } },
  {
    t: 9,
    e: { status: "one: digest: sha256:57253f21d27fe02ea9ad028fa7b6443301b38741ccb8fc325d90432901b6649f size: 739" },
  },
  {
    t: 9,
    e: {
      progressDetail: {},
      aux: { Tag: "one", Digest: "sha256:57253f21d27fe02ea9ad028fa7b6443301b38741ccb8fc325d90432901b6649f", Size: 739 },
    },
  },
];

/** Engine 28 (containerd image store): no Preparing or aux, Pushing with its own totals, Pushed. */
export const ENGINE_28_FIRST_PUSH: readonly RecordedEvent[] = [
  { t: 0, e: { status: "The push refers to repository [localhost:5000/tests/push15-rec]" } },
  {
    t: 67,
    e: {
      status: "Pushing",
      progressDetail: { current: 2097152, total: 6002026 },
      progress: "[=================>                                 ]  2.097MB/6.002MB",
      id: "edd69a261dfc",
    },
  },
  {
    t: 67,
    e: {
      status: "Pushing",
      progressDetail: { current: 1048576, total: 2129920 },
      progress: "[========================>                          ]  1.049MB/2.13MB",
      id: "9194f4cb1cd6",
    },
  },
  {
    t: 162,
    e: {
      status: "Pushing",
      progressDetail: { current: 3145728, total: 6002026 },
      progress: "[==========================>                        ]  3.146MB/6.002MB",
      id: "edd69a261dfc",
    },
  },
  { t: 162, e: { status: "Pushed", progressDetail: {}, id: "9194f4cb1cd6" } },
  { t: 262, e: { status: "Pushed", progressDetail: {}, id: "edd69a261dfc" } },
  {
    t: 295,
    e: { status: "one: digest: sha256:97cfdf2e3c3f913ad8b45967d584067cb1d22dd871c8c53de605dc0d0dbe9ad7 size: 755" },
  },
];

/** Engine 28, the same push again. */
export const ENGINE_28_AGAIN: readonly RecordedEvent[] = [
  { t: 0, e: { status: "The push refers to repository [localhost:5000/tests/push15-rec]" } },
  { t: 122, e: { status: "Layer already exists", progressDetail: {}, id: "edd69a261dfc" } },
  { t: 122, e: { status: "Layer already exists", progressDetail: {}, id: "9194f4cb1cd6" } },
  {
    t: 122,
    e: { status: "one: digest: sha256:97cfdf2e3c3f913ad8b45967d584067cb1d22dd871c8c53de605dc0d0dbe9ad7 size: 755" },
  },
];
