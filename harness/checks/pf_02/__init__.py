"""PF-02 Page weight and request count within budget (页面体积与请求数在预算内): see check.json beside this file."""
