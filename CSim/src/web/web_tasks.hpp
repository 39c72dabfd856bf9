// The native MiniWob tasks (one file each: web_task_<name>.cpp).
#pragma once
#include <memory>

#include "web_task.hpp"

namespace csim {
namespace web {

std::unique_ptr<Task> make_click_checkboxes();
std::unique_ptr<Task> make_use_spinner();
std::unique_ptr<Task> make_guess_number();
std::unique_ptr<Task> make_click_shades();
std::unique_ptr<Task> make_click_tab_2();
std::unique_ptr<Task> make_enter_time();
std::unique_ptr<Task> make_choose_date_nodelay();
std::unique_ptr<Task> make_search_engine();
std::unique_ptr<Task> make_tic_tac_toe();
std::unique_ptr<Task> make_email_inbox();
std::unique_ptr<Task> make_social_media();
std::unique_ptr<Task> make_book_flight_nodelay();

}  // namespace web
}  // namespace csim
