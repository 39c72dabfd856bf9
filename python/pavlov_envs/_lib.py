"""ctypes bindings to the C ABI in CSim/include/csim.h, and nothing else.

Why ctypes: the core already has a complete C ABI with caller-owned buffers, so the package
needs no CPython extension code. ctypes also releases the GIL for the duration of every foreign
call it makes (it is not a PyDLL), so a long csim_vec_env_step lets other Python threads run.
"""
import ctypes
import glob
import os

ABI_VERSION = 1  # CSIM_ABI_VERSION of the header these bindings mirror
MAX_ID_LENGTH = 64
MAX_RANK = 4
MAX_PART_NAME_LENGTH = 32  # CSIM_MAX_PART_NAME_LENGTH
MAX_CATEGORY_CHANNELS = 8  # CSIM_MAX_CATEGORY_CHANNELS
INFO_COMMON = 4  # CSIM_INFO_COMMON: success, progress, event, episode_step

# CSimStatus
OK = 0
ERROR_UNKNOWN_ENV = 1
ERROR_INVALID_ARGUMENT = 2
ERROR_NULL_POINTER = 3
ERROR_BUFFER_TOO_SMALL = 4
ERROR_INVALID_ACTION = 5
ERROR_OUT_OF_MEMORY = 6
ERROR_INTERNAL = 7
ERROR_UNAVAILABLE = 8  # an optional part (NetHack's engine) is not installed

# CSimDType
DTYPE_UINT8 = 0
DTYPE_INT32 = 1
DTYPE_FLOAT32 = 2

# CSimActionKind
ACTION_DISCRETE = 0
ACTION_CONTINUOUS = 1


class Spec(ctypes.Structure):
    _fields_ = [
        ("id", ctypes.c_char * MAX_ID_LENGTH),
        ("observation_dtype", ctypes.c_int),
        ("observation_rank", ctypes.c_int32),
        ("observation_shape", ctypes.c_int32 * MAX_RANK),
        ("observation_size", ctypes.c_int64),
        ("observation_low", ctypes.c_float),
        ("observation_high", ctypes.c_float),
        ("action_kind", ctypes.c_int),
        ("num_actions", ctypes.c_int32),
        ("action_dim", ctypes.c_int32),
        ("action_low", ctypes.c_float),
        ("action_high", ctypes.c_float),
        ("reward_low", ctypes.c_float),
        ("reward_high", ctypes.c_float),
        ("max_episode_steps", ctypes.c_int32),
        ("info_dim", ctypes.c_int32),
    ]


class Options(ctypes.Structure):
    _fields_ = [
        ("num_threads", ctypes.c_int32),
        ("max_episode_steps", ctypes.c_int32),
        ("reward_kind", ctypes.c_int32),
    ]


class StepBuffers(ctypes.Structure):
    _fields_ = [
        ("observations", ctypes.c_void_p),
        ("observations_length", ctypes.c_int64),
        ("rewards", ctypes.c_void_p),
        ("rewards_length", ctypes.c_int64),
        ("terminated", ctypes.c_void_p),
        ("terminated_length", ctypes.c_int64),
        ("truncated", ctypes.c_void_p),
        ("truncated_length", ctypes.c_int64),
        ("final_observations", ctypes.c_void_p),
        ("final_observations_length", ctypes.c_int64),
        ("info", ctypes.c_void_p),
        ("info_length", ctypes.c_int64),
        ("reset_info", ctypes.c_void_p),
        ("reset_info_length", ctypes.c_int64),
    ]


class ObservationPart(ctypes.Structure):
    _fields_ = [
        ("name", ctypes.c_char * MAX_PART_NAME_LENGTH),
        ("offset", ctypes.c_int64),
        ("size", ctypes.c_int64),
        ("rank", ctypes.c_int32),
        ("shape", ctypes.c_int32 * MAX_RANK),
        ("dtype", ctypes.c_int),
        ("low", ctypes.c_float),
        ("high", ctypes.c_float),
        ("num_category_channels", ctypes.c_int32),
        ("categories", ctypes.c_int32 * MAX_CATEGORY_CHANNELS),
    ]


def _library_path():
    here = os.path.dirname(os.path.abspath(__file__))
    override = os.environ.get("PAVLOV_CSIM_LIBRARY")  # e.g. a debug build of the core
    if override:
        return override
    found = sorted(glob.glob(os.path.join(here, "_csim*.so")) + glob.glob(os.path.join(here, "_csim*.dylib")))
    if not found:
        raise ImportError(f"pavlov_envs: the compiled core (_csim*.so) is missing from {here}; "
                          "install the package with `pip install ./python` so that it is built")
    return found[0]


def _declare(lib):
    c = ctypes
    handle = c.c_void_p
    sizes = c.POINTER(c.c_size_t)
    table = {
        "csim_abi_version": (c.c_int32, []),
        "csim_options_default": (None, [c.POINTER(Options)]),
        "csim_env_count": (c.c_int32, []),
        "csim_env_id": (c.c_char_p, [c.c_int32]),
        "csim_env_spec": (c.c_int, [c.c_char_p, c.POINTER(Spec)]),
        "csim_status_name": (c.c_char_p, [c.c_int]),
        "csim_vec_env_create": (c.c_int, [c.c_char_p, c.c_int32, c.c_uint64, c.POINTER(Options),
                                          c.POINTER(handle), c.c_char_p, c.c_size_t]),
        "csim_vec_env_destroy": (None, [handle]),
        "csim_vec_env_get_spec": (c.c_int, [handle, c.POINTER(Spec)]),
        "csim_vec_env_num_envs": (c.c_int32, [handle]),
        "csim_vec_env_num_threads": (c.c_int32, [handle]),
        "csim_vec_env_info_name": (c.c_char_p, [handle, c.c_int32]),
        "csim_vec_env_event_name": (c.c_char_p, [handle, c.c_int32]),
        "csim_vec_env_last_error": (c.c_char_p, [handle]),
        "csim_vec_env_reset": (c.c_int, [handle, c.POINTER(StepBuffers)]),
        "csim_vec_env_step": (c.c_int, [handle, c.c_void_p, c.c_int64, c.POINTER(StepBuffers)]),
        "csim_vec_env_step_range": (c.c_int, [handle, c.c_int32, c.c_int32, c.c_void_p, c.c_int64,
                                              c.POINTER(StepBuffers)]),
        "csim_vec_env_caption": (c.c_int, [handle, c.c_int32, c.c_char_p, c.c_size_t, sizes]),
        "csim_vec_env_caption_observation": (c.c_int, [handle, c.c_void_p, c.c_int32, c.c_char_p,
                                                        c.c_size_t, sizes]),
        "csim_vec_env_action_name": (c.c_int, [handle, c.c_int32, c.c_char_p, c.c_size_t, sizes]),
        "csim_vec_env_render_text": (c.c_int, [handle, c.c_int32, c.c_char_p, c.c_size_t, sizes]),
        "csim_vec_env_keep_screen": (c.c_int, [handle, c.c_int32]),
        "csim_vec_env_mission": (c.c_int, [handle, c.c_int32, c.c_char_p, c.c_size_t, sizes]),
        "csim_vec_env_set_state_json": (c.c_int, [handle, c.c_int32, c.c_char_p, c.c_void_p, c.c_int64,
                                                  c.c_void_p, c.c_int64]),
        "csim_vec_env_expert_actions": (c.c_int, [handle, c.c_void_p, c.c_int64]),
        "csim_vec_env_render_rgb": (c.c_int, [handle, c.c_int32, c.c_int32, c.c_int32, c.c_int32, c.c_void_p,
                                             c.c_int64]),
        "csim_vec_env_render_observation_rgb": (c.c_int, [handle, c.c_void_p, c.c_int32, c.c_int32, c.c_void_p,
                                                          c.c_int64]),
        "csim_env_observation_part_count": (c.c_int32, [c.c_char_p]),
        "csim_env_observation_part": (c.c_int, [c.c_char_p, c.c_int32, c.POINTER(ObservationPart)]),
        "csim_env_hint_count": (c.c_int32, [c.c_char_p]),
        "csim_env_hint_key": (c.c_char_p, [c.c_char_p, c.c_int32]),
        "csim_env_hint_value": (c.c_char_p, [c.c_char_p, c.c_int32]),
    }
    for name, (restype, argtypes) in table.items():
        fn = getattr(lib, name)
        fn.restype = restype
        fn.argtypes = argtypes


def _load():
    path = _library_path()
    lib = ctypes.CDLL(path)  # CDLL (not PyDLL): every call releases the GIL
    _declare(lib)
    version = lib.csim_abi_version()
    if version != ABI_VERSION:
        raise ImportError(f"pavlov_envs: {path} has CSim ABI version {version}, these bindings expect "
                          f"{ABI_VERSION}; reinstall the package (pip install ./python)")
    return lib


lib = _load()


def status_name(status):
    name = lib.csim_status_name(status)
    return name.decode() if name else f"status {status}"
